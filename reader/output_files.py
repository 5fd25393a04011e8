"""Files and folders written whole or not at all: a temporary name, renamed at the end.

An export or a backup interrupted by a full disk, an unwritable folder or a killed
process leaves nothing under the name asked for (at most a hidden ``.NAME.*.part``
beside it, after a kill), and the failure is one ReaderError line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from reader.errors import ExportError, ReaderError


def _fail(error: type[ReaderError], dest: Path, exc: OSError) -> ReaderError:
    return error(f"cannot write {dest}: {exc.strerror or exc}")


@contextlib.contextmanager
def atomic_file(dest: Path, error: type[ReaderError] = ExportError) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success it becomes ``dest`` (replacing
    an older file of that name), on any failure it is removed.  OSError becomes
    ``error``."""
    if dest.is_dir():
        raise error(f"{dest} is a folder; give a file name")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    except OSError as exc:
        raise _fail(error, dest, exc) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _fail(error, dest, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_folder(dest: Path, error: type[ReaderError] = ExportError) -> Iterator[Path]:
    """Yield a temporary folder beside ``dest``; on success it becomes ``dest``, which must
    not exist or be empty (an export never mixes with files already there)."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise error(f"{dest} already exists and is not an empty folder; choose a new one")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent))
    except OSError as exc:
        raise _fail(error, dest, exc) from None
    try:
        yield tmp
        if dest.is_dir():
            dest.rmdir()
        os.replace(tmp, dest)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _fail(error, dest, exc) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
