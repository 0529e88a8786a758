"""Use cases. Each takes a unit of work factory and returns domain values or small DTOs."""
