"""``reader import FILE...``: bring a library from another service (see the README)."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from reader.importers import FORMATS
from reader.importers.run import ItemOutcome, import_files
from reader.library import Library

EXIT_OK, EXIT_FAILED = 0, 1


def add_parser(sub: Any) -> None:
    """Register the ``import`` subcommand on ``reader``'s subparsers."""
    im = sub.add_parser(
        "import",
        help="import an export file of Pocket, Instapaper, Omnivore, Wallabag, ...",
        description="Import export files of other services: every item is recorded at "
        "once (title, tags, state, time saved, highlights), then fetched politely.",
    )
    im.add_argument("files", nargs="+", metavar="FILE")
    im.add_argument("--format", choices=list(FORMATS), help="the file's format (default: detect)")
    im.add_argument("--tag", "-t", action="append", default=[], metavar="T")
    im.add_argument(
        "--no-fetch", action="store_true", help="record the items, fetch no page (retry does)"
    )
    im.add_argument("--json", action="store_true")


class _Bar:
    """Progress on a terminal's stderr, redrawn at most ten times a second."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()
        self.last = 0.0
        self.lock = threading.Lock()
        self.width = 0

    def __call__(self, stage: str, done: int, total: int, failed: int) -> None:
        if not self.shown:
            return
        now = time.monotonic()
        with self.lock:
            if now - self.last < 0.1 and done < total:
                return
            self.last = now
            if stage == "record":
                line = f"recording {done} of {total}"
            elif stage == "restore":
                line = f"restoring {done} of {total}"
            else:
                filled = int(30 * done / total) if total else 30
                bar = "#" * filled + "-" * (30 - filled)
                line = f"fetching [{bar}] {done} of {total}, {failed} failed"
            print("\r" + line.ljust(self.width), end="", file=sys.stderr, flush=True)
            self.width = len(line)

    def clear(self) -> None:
        if self.shown and self.width:
            print("\r" + " " * self.width + "\r", end="", file=sys.stderr, flush=True)


def cmd_import(library: Library, args: argparse.Namespace) -> int:
    bar = _Bar() if not args.json else None

    def on_item(outcome: ItemOutcome) -> None:
        if args.json:
            print(json.dumps(outcome.as_json(), ensure_ascii=False), flush=True)
            return
        if outcome.url is None and outcome.ok:  # a Reader archive, restored whole
            print(f"{outcome.input}: {outcome.message}", file=sys.stderr)
        if outcome.status == "failed":
            if bar:
                bar.clear()
            where = f"{outcome.input}: {outcome.url}" if outcome.url else outcome.input
            print(f"error: {outcome.error}: {where}: {outcome.message}", file=sys.stderr)

    summary = import_files(
        library,
        [Path(f).expanduser() for f in args.files],
        format=args.format,
        tags=args.tag,
        fetch=not args.no_fetch,
        on_item=on_item,
        progress=bar,
    )
    if args.json:
        print(json.dumps(summary.as_json()), flush=True)
    else:
        if bar:
            bar.clear()
        for name, fmt in summary.formats.items():
            print(f"{name}: {fmt}", file=sys.stderr)
        print(
            f"imported {summary.imported}, already there {summary.existing}, "
            f"failed {summary.failed}"
        )
    return EXIT_FAILED if summary.failed else EXIT_OK
