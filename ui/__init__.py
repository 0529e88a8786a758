"""The Pointti Desk desktop user interface: every PySide6 widget, model and dialog lives here.

Nothing in ``desk_app`` imports this package. ``ui.app`` starts the app and builds the services;
the screens (intake, finder, card, today) get plain DTOs and talk to each other only through
signals wired in ``ui.main_window``.
"""
