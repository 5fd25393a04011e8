"""Can Qt start here?  Asked before any Qt import, so that a machine without a display or
without Qt's system libraries gets one clear line instead of Qt's plugin dump and abort.

Uses only ctypes: loading the platform plugin Qt would use fails the way Qt would, naming
the missing library, but as a Python exception.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from pathlib import Path

INSTALL_HINT = "scripts/install-system-deps.sh --gui"
_MISSING = re.compile(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file")

#: Platform names (QT_QPA_PLATFORM) and the plugin file each loads.
_PLUGINS = {
    "xcb": "libqxcb.so",
    "wayland": "libqwayland.so",
    "offscreen": "libqoffscreen.so",
    "minimal": "libqminimal.so",
    "vnc": "libqvnc.so",
    "eglfs": "libqeglfs.so",
    "linuxfb": "libqlinuxfb.so",
}


def _pyside_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def platform_in_use(env: dict[str, str] | None = None) -> str | None:
    """The platform Qt would pick on Linux: QT_QPA_PLATFORM's first choice, else the
    display there is (X11, then Wayland); None when there is no display at all."""
    env = dict(os.environ) if env is None else env
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if env.get("DISPLAY"):
        return "xcb"
    if env.get("WAYLAND_DISPLAY"):
        return "wayland"
    return None


def why_qt_cannot_start(
    env: dict[str, str] | None = None, plugin: Path | None = None
) -> str | None:
    """One line saying why the app cannot open a window here, or None if it can.

    ``plugin``: the platform plugin to load (default: the one Qt would use)."""
    if not sys.platform.startswith("linux"):
        return None
    platform = platform_in_use(env)
    if platform is None and plugin is None:
        return (
            "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set); "
            "run Reader in a desktop session, or use the command line (reader --help)"
        )
    if plugin is None:
        base = _pyside_dir()
        name = _PLUGINS.get(platform or "")
        if base is None or name is None:
            return None  # Qt will say what it thinks of an unknown platform itself
        plugin = base / "Qt" / "plugins" / "platforms" / name
        if not plugin.exists():
            return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        found = _MISSING.search(str(exc))
        what = found.group(1) if found else str(exc).split(":")[0]
        return (
            f"Qt cannot start: the system library {what} is missing; install what Qt needs "
            f"with: {INSTALL_HINT}"
        )
    return None


def describe_import_error(exc: ImportError) -> str:
    """The one line for a Qt import that failed (a library Qt itself links against)."""
    found = _MISSING.search(str(exc))
    what = found.group(1) if found else str(exc)
    return f"Qt cannot start: the system library {what} is missing; install it with: {INSTALL_HINT}"
