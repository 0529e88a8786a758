"""The service card screen: everything the desk needs to tell a visitor about one service."""
