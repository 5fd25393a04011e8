"""Benchmark: ``reader backup`` of a large library, against copying the file closed.

Usage: ``python bench/export_backup.py [--articles 20000] [--library DIR] [--repeat 3]``

The library comes from bench/make_library.py (``--articles``, built into a temporary
folder, or an existing one given with ``--library``).  Floor, in the same run: copying
``library.sqlite3`` with ``shutil.copyfile`` while no connection is open (the only time a
plain copy is safe).  Ours: ``Library.backup`` with the library open (SQLite's online
backup API in one step, then ``integrity_check``, fsync and rename), and the backup
step alone.  Prints each as a ratio to the floor.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import common
import make_library

from reader.library import Library


def _fresh(path: Path) -> Path:
    path.unlink(missing_ok=True)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=20_000)
    p.add_argument("--library", type=Path, help="an existing library folder to back up")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.library
        if folder is None:
            folder = Path(tmp) / "library"
            make_library.build(args.articles, folder)
        db = folder / "library.sqlite3"
        size = db.stat().st_size / 1e6
        out = Path(tmp) / "copy.sqlite3"
        floor = common.timed(lambda: shutil.copyfile(db, _fresh(out)), args.repeat)
        with Library.open(folder) as library:
            count = library.count()
            full = common.timed(lambda: library.backup(_fresh(out)), args.repeat)
            step = common.timed(lambda: library.storage.backup_to(_fresh(out)), args.repeat)
    b = statistics.median(floor)
    print(f"library: {count:,} articles, {size:,.0f} MB")
    print(f"floor (copy, closed):             median {b:,.0f} ms")
    for name, ours in (("reader backup (checked)", full), ("backup API step alone", step)):
        o = statistics.median(ours)
        print(f"{name + ':':<34}median {o:,.0f} ms   ratio to floor {o / b:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
