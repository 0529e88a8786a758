"""Qt item models over lists of DTOs from the services (never over the database)."""
