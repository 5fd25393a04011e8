"""The ``highlight``, ``highlights`` and ``note`` commands (registered by reader.cli).

Output and errors follow cli.py: one line per item, ``error: CATEGORY: detail`` on
stderr (a quote that is not in the text is a usage error, exit status 2).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from reader.errors import UsageError
from reader.library import Library
from reader.models import HIGHLIGHT_COLORS, Highlight, HighlightEntry

EXIT_OK = 0
NOT_FOUND = "not found in the current text"


def add_parsers(sub: Any) -> None:
    """Add the three commands to ``reader``'s sub-parsers."""
    h = sub.add_parser(
        "highlight",
        help="highlight a quote of an article, change or delete a highlight",
        description="reader highlight ID --quote TEXT; reader highlight --edit HID "
        "--color C; reader highlight --delete HID",
    )
    h.add_argument("id", type=int, nargs="?", metavar="ID", help="the article")
    h.add_argument("--quote", "-q", metavar="TEXT", help="words of the article's text")
    h.add_argument("--note", "-n", metavar="TEXT")
    h.add_argument("--color", "-c", choices=HIGHLIGHT_COLORS)
    h.add_argument("--edit", type=int, metavar="HID", help="change a highlight's colour or note")
    h.add_argument("--delete", type=int, metavar="HID", help="delete a highlight")
    h.add_argument("--json", action="store_true")

    hs = sub.add_parser("highlights", help="list highlights, newest first (or of one article)")
    hs.add_argument("id", type=int, nargs="?", metavar="ID")
    hs.add_argument("--color", "-c", choices=HIGHLIGHT_COLORS)
    hs.add_argument("--tag", "-t", metavar="T")
    fmt = hs.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--markdown", action="store_true", help="a heading per article, quotes")

    n = sub.add_parser("note", help="show, set or clear the note on an article")
    n.add_argument("id", type=int)
    action = n.add_mutually_exclusive_group()
    action.add_argument("--set", metavar="TEXT")
    action.add_argument("--clear", action="store_true")


def highlight_json(h: Highlight) -> dict[str, Any]:
    """A highlight object of ``--json`` output (see the README)."""
    return {
        "id": h.id,
        "quote": h.quote,
        "prefix": h.prefix,
        "suffix": h.suffix,
        "start": h.start,
        "end": h.end,
        "color": h.color,
        "note": h.note,
        "created_at": h.created_at,
        "anchored": h.anchored,
    }


def _line(h: Highlight) -> str:
    quote = " ".join(h.quote.split())
    lost = f"  ({NOT_FOUND})" if not h.anchored else ""
    return f"{h.id}\t{h.article_id}\t[{h.color}] {quote}{lost}"


def cmd_highlight(library: Library, args: argparse.Namespace) -> int:
    if args.delete is not None:
        gone = library.delete_highlight(args.delete)
        print(f"deleted highlight {gone.id}")
        return EXIT_OK
    if args.edit is not None:
        if args.color is None and args.note is None:
            raise UsageError("--edit needs --color or --note")
        h = library.update_highlight(args.edit, color=args.color, note=args.note)
    else:
        if args.id is None or args.quote is None:
            raise UsageError("give an article and --quote TEXT (or --edit/--delete HID)")
        h = library.add_highlight(args.id, args.quote, args.note, args.color or "yellow")
    print(json.dumps(highlight_json(h), ensure_ascii=False) if args.json else _line(h))
    return EXIT_OK


def _everything(library: Library, color: str | None, tag: str | None) -> list[HighlightEntry]:
    entries: list[HighlightEntry] = []
    cursor = None
    while True:
        page = library.highlight_page(color, tag, cursor, limit=500)
        entries.extend(page.items)
        if page.cursor is None:
            return entries
        cursor = page.cursor


def cmd_highlights(library: Library, args: argparse.Namespace) -> int:
    groups: dict[int, list[Highlight]] = {}
    if args.id is not None:
        article = library.get(args.id)
        chosen = [
            h
            for h in article.highlights
            if args.color in (None, h.color) and (args.tag is None or args.tag in article.tags)
        ]
        groups[article.id] = chosen
        titles = {article.id: (article.title, article.url or article.given_url)}
    else:
        titles = {}
        for entry in _everything(library, args.color, args.tag):
            a = entry.article
            titles[a.id] = (a.title, a.url or a.given_url)
            groups.setdefault(a.id, []).append(entry.highlight)
    if args.json:
        rows = []
        for article_id, items in groups.items():
            title, url = titles[article_id]
            for h in items:
                where = {"id": article_id, "title": title, "url": url}
                rows.append(highlight_json(h) | {"article": where})
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return EXIT_OK
    if args.markdown:
        print(markdown(groups, titles), end="")
        return EXIT_OK
    for items in groups.values():
        for h in items:
            print(_line(h))
            if h.note:
                print(f"\tnote: {' '.join(h.note.split())}")
    return EXIT_OK


def markdown(
    groups: dict[int, list[Highlight]],
    titles: dict[int, tuple[str, str]],
) -> str:
    """A heading per article (its title and address), each quote as a block quote in
    reading order, its note under it."""
    out: list[str] = []
    for article_id, items in groups.items():
        if not items:
            continue
        title, url = titles[article_id]
        out.append(f"## {title or url}\n\n<{url}>\n")
        placed = sorted(items, key=lambda h: (h.start is None, h.start or 0, h.id))
        for h in placed:
            quote = "\n".join(f"> {line}".rstrip() for line in h.quote.splitlines() or [""])
            out.append(quote + ("" if h.anchored else f"\n>\n> *({NOT_FOUND})*") + "\n")
            if h.note:
                out.append(h.note.strip() + "\n")
    return "\n".join(out)


def cmd_note(library: Library, args: argparse.Namespace) -> int:
    if args.set is not None or args.clear:
        library.set_note(args.id, None if args.clear else args.set)
    note = library.get(args.id).note
    if note:
        print(note)
    return EXIT_OK


COMMANDS = {"highlight": cmd_highlight, "highlights": cmd_highlights, "note": cmd_note}
