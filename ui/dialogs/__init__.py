"""Small modal dialogs behind plain helper functions, so tests can replace them."""
