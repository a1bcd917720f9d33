"""Second Wind test suite."""
