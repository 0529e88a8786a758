"""An unexpected error is logged with its traceback and explained in a friendly dialog."""

import sys

from ui import excepthook
from ui.dialogs import error_dialog


def _raise_and_catch():
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        return sys.exc_info()


def test_hook_logs_the_traceback_and_shows_the_friendly_dialog(ctx, monkeypatch):
    shown = []

    def fake_show_error(parent, title, text, details=""):
        shown.append((title, text, details))

    monkeypatch.setattr(error_dialog, "show_error", fake_show_error)
    hook = excepthook.ExceptionHook(ctx.log_file)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    previous = hook.install()
    assert sys.excepthook is hook
    assert previous is not hook

    sys.excepthook(*_raise_and_catch())

    assert len(shown) == 1
    _title, text, details = shown[0]
    assert text == error_dialog.unexpected_error_text(ctx.log_file)
    assert str(ctx.log_file) in text
    assert "Your saved visits are safe." in text
    assert "boom in a slot" in details
    for handler in __import__("logging").getLogger().handlers:
        handler.flush()
    logged = ctx.log_file.read_text(encoding="utf-8")
    assert "Unexpected error" in logged
    assert "Traceback" in logged
    assert "RuntimeError: boom in a slot" in logged


def test_hook_survives_a_failing_dialog(ctx, monkeypatch):
    def broken_show_error(*args, **kwargs):
        raise OSError("no display")

    monkeypatch.setattr(error_dialog, "show_error", broken_show_error)
    hook = excepthook.ExceptionHook(ctx.log_file)
    hook(*_raise_and_catch())  # must not raise
    for handler in __import__("logging").getLogger().handlers:
        handler.flush()
    assert "could not show the error dialog" in ctx.log_file.read_text(encoding="utf-8")
