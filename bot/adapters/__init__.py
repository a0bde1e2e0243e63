"""Platform adapters: each turns platform updates into core events and core replies into messages."""
