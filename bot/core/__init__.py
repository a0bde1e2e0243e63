"""The platform-independent core: events in, replies out, state in the database."""
