"""The ``export``, ``backup`` and ``restore`` commands (registered by reader.cli).

``restore`` runs without opening the library first: it checks the backup, keeps the
current library beside it, then restores (see reader.backup.restore_backup).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from reader.library import Library


def add_parsers(sub: Any) -> None:
    """Add the three commands to ``reader``'s sub-parsers."""
    from reader.exporters import FORMATS

    ex = sub.add_parser(
        "export",
        help="export articles: EPUB, Markdown, HTML, a lossless archive, bookmarks or CSV",
        description="The selection: the ids given, else --tag or --search, else everything.",
    )
    ex.add_argument("ids", nargs="*", type=int, metavar="ID")
    ex.add_argument("--tag", metavar="T")
    ex.add_argument("--search", metavar="QUERY")
    ex.add_argument("--format", "-f", required=True, choices=list(FORMATS))
    ex.add_argument("--to", required=True, metavar="PATH", help="file, or new folder")
    ex.add_argument("--json", action="store_true")

    bk = sub.add_parser("backup", help="a checked, consistent copy of the library (app open)")
    bk.add_argument("file", metavar="FILE")
    bk.add_argument("--json", action="store_true")

    rs = sub.add_parser("restore", help="restore a backup (the current library is kept beside it)")
    rs.add_argument("file", metavar="FILE")
    # SUPPRESS: not given here, the global --library (before the command) still counts.
    rs.add_argument("--library", metavar="DIR", default=argparse.SUPPRESS)
    rs.add_argument("--json", action="store_true")


def cmd_export(library: Library, args: argparse.Namespace) -> int:
    from reader.exporters import export

    ids = library.selection(args.ids, tag=args.tag, query=args.search)
    result = export(library, ids, args.format, Path(args.to))
    if args.json:
        print(json.dumps({"ok": True, "path": str(result.path), "format": result.format,
                          "articles": result.articles}))  # fmt: skip
    else:
        print(f"exported {_articles(result.articles)} to {result.path}")
    return 0


def cmd_backup(library: Library, args: argparse.Namespace) -> int:
    info = library.backup(Path(args.file))
    if args.json:
        print(json.dumps({"ok": True, "path": str(info.path), "size": info.size,
                          "articles": info.articles, "schema": info.schema}))  # fmt: skip
    else:
        print(f"backup: {info.path} ({_size(info.size)}, {_articles(info.articles)}, checked)")
    return 0


def cmd_restore(folder: Path, args: argparse.Namespace) -> int:
    from reader.backup import restore_backup

    info = restore_backup(Path(args.file), folder)
    if args.json:
        print(json.dumps({"ok": True, "library": str(info.library), "articles": info.articles,
                          "kept": str(info.kept) if info.kept else None}))  # fmt: skip
        return 0
    print(f"restored {_articles(info.articles)} into {info.library}")
    if info.kept:
        print(f"the library it replaced is kept as {info.kept}")
    return 0


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"


COMMANDS = {"export": cmd_export, "backup": cmd_backup}
