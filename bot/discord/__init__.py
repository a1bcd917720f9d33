"""The Discord front end: discord.py bot, cogs, embeds, views and error handling."""
