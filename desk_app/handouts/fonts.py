"""Register the bundled DejaVu Sans fonts with reportlab (once per process).

The fonts come from ``resources/fonts`` so a PDF renders the same on a machine with no system
fonts; DejaVu Sans covers Latin, Cyrillic and Arabic, which the handout languages need.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desk_app.paths import resources_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
_lock = threading.Lock()
_registered = False


def register_fonts() -> tuple[str, str]:
    """Register the fonts if needed; returns (regular, bold) font names for reportlab styles."""
    global _registered
    with _lock:
        if not _registered:
            font_dir = resources_dir() / "fonts"
            for name in (REGULAR, BOLD):
                pdfmetrics.registerFont(TTFont(name, str(font_dir / f"{name}.ttf")))
            pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
            _registered = True
    return REGULAR, BOLD
