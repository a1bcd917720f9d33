"""Packaging beyond what pyproject.toml can say: ship ``content/`` inside the package.

The library stays at ``content/`` in the repository (where editors find it) and is
installed as ``bot/shipped_library``, so a wheel or a plain ``pip install .``
carries it. ``bot.config.SHIPPED_CONTENT`` looks in both places.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["bot", "bot.*"]), "bot.shipped_library"],
    package_dir={"bot.shipped_library": "content"},
    package_data={"bot.shipped_library": ["*.yaml", "*.md"], "bot.store": ["migrations/*/*.sql"]},
)
