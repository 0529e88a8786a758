"""Reusable widgets shared by the screens (layouts, chips) with no knowledge of the services."""
