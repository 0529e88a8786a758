"""Printed material (reportlab): takes domain values, returns PDF bytes. Never uses system fonts."""
