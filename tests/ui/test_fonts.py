"""Text renders with the bundled font even on a machine with no system fonts at all."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QLabel
    from ui.app import _application

    app = _application()
    label = QLabel("Työnhaku Реєстрація")
    label.resize(320, 40)
    image = label.grab().toImage()
    colours = {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
    print(app.font().family(), len(colours))
    """
)


def test_ui_text_renders_without_any_system_font(tmp_path):
    config = tmp_path / "fonts.conf"
    config.write_text("<?xml version='1.0'?><fontconfig></fontconfig>", encoding="utf-8")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "FONTCONFIG_FILE": str(config),
        "PYTHONPATH": ":".join(p for p in sys.path if p),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    family, colours = result.stdout.strip().rsplit(" ", 1)
    assert family.strip() == "DejaVu Sans"
    assert int(colours) > 2, "the label has no visible text (only background colours)"
