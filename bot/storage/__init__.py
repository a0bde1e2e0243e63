"""Storage: SQLAlchemy models, the database engine and the repository that owns every query."""
