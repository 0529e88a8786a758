"""Signing in: the first-run wizard, the login dialog, the idle lock and the users page."""
