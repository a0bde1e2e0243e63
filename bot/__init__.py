"""Mock-interview bot: a platform-independent core with Telegram, Discord and console adapters."""

__version__ = "0.1.0"
