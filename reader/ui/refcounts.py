"""Keeps None, True and False alive under PySide6 6.12 on Python 3.11.

Shiboken 6.12 hands out None, True and False without taking a reference to them, as if
they were immortal, which they are only from Python 3.12 on (PEP 683).  On Python 3.11
every call of a void Qt function (``processEvents()``, ``resize()``, a Python override
of ``resizeEvent``...) and every ``emit()`` then drops one reference, and after a few
thousand calls CPython aborts with "none_dealloc: deallocating None".

``keep_singletons_alive()`` does what Python 3.12 does: it gives the three objects a
reference count no program can exhaust.  It acts only on Python < 3.12 and only when a
probe shows references being lost, so it becomes a no-op with a fixed PySide6 or a newer
Python.  Call it once, before any other Qt call and before threads start.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_PLENTY = 1 << 40  # references; what is lost is one per call


def _loses_references() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    probe.setObjectName("probe")
    rounds = 16
    before = sys.getrefcount(None)
    for _ in range(rounds):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= rounds


def keep_singletons_alive() -> bool:
    """Make None, True and False effectively immortal when needed; True if it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not _loses_references():
        return False
    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(obj)).value += _PLENTY
    log.debug("PySide6 loses references to None/True/False: made them immortal")
    return True
