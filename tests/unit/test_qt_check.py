"""When Qt cannot start, ``reader`` says why in one line and exits 1: no plugin dump, no
abort.  The missing library is found the way Qt would meet it (loading the plugin)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from reader.qt_check import INSTALL_HINT, why_qt_cannot_start


def _compile(source: str, out: Path, *flags: str) -> None:
    src = out.with_suffix(".c")
    src.write_text(source)
    cc = shutil.which("cc") or shutil.which("gcc")
    assert cc, "a C compiler builds the stand-in plugin"
    subprocess.run([cc, "-shared", "-fPIC", str(src), "-o", str(out), *flags], check=True)


def test_a_missing_system_library_is_named_with_the_command_that_installs_it(
    tmp_path: Path,
) -> None:
    # A plugin that links a library which is then gone, as libqxcb.so links
    # libxcb-cursor.so.0 on a fresh Debian.
    stub = tmp_path / "libxcb-gone.so.0"
    _compile("int gone(void) { return 1; }", stub, "-Wl,-soname,libxcb-gone.so.0")
    plugin = tmp_path / "libqfake.so"
    _compile("int gone(void); int probe(void) { return gone(); }", plugin, str(stub))
    stub.unlink()
    line = why_qt_cannot_start({"QT_QPA_PLATFORM": "xcb"}, plugin=plugin)
    assert line is not None and "\n" not in line
    assert "libxcb-gone.so.0 is missing" in line and INSTALL_HINT in line


def test_the_offscreen_plugin_loads_here() -> None:
    assert why_qt_cannot_start({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_no_display_is_one_line_and_exit_1(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["HOME"] = str(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(tmp_path / "lib")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: gui_unavailable: no display")
    assert "qt.qpa" not in proc.stderr
