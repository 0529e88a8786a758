"""The Today screen: the visits recorded today, at the bottom of the main window."""
