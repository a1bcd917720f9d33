"""Tests for bot.core."""
