"""Second Wind: encouragement for runners, on Discord and in the offline console."""

__version__ = "0.1.0"
