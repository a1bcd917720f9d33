"""The Discord-free core: runners, themes, picks and schedules."""
