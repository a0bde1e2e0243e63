"""Platform adapters: platform updates in as core events, core replies out as messages."""
