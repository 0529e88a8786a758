"""Domain: entities, value objects, code lists, rules and errors. No SQLAlchemy, no Qt."""
