"""``python -m bot`` does what the ``secondwind`` command does."""

from bot.cli import main

raise SystemExit(main())
