"""``reader feed ...``: subscribe to sites, update them, OPML in and out (see the README).

Output and errors follow cli.py: one line per item, ``error: CATEGORY: detail`` on
stderr, exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reader.errors import UsageError
from reader.feeds.models import Feed
from reader.feeds.updating import UpdateResult
from reader.library import Library

EXIT_OK, EXIT_FAILED = 0, 1


def add_feed_commands(sub: Any) -> None:
    """Register ``reader feed`` and its subcommands on cli.py's subparsers."""
    f = sub.add_parser("feed", help="follow sites: new stories are saved offline")
    fs = f.add_subparsers(dest="feed_command", metavar="ACTION", required=True)

    a = fs.add_parser("add", help="subscribe to a feed, or to the feed a site's page names")
    a.add_argument("url", metavar="URL")
    a.add_argument("--tag", "-t", action="append", default=[], metavar="T")
    a.add_argument("--keep", type=int, metavar="N", help="keep at most N untouched stories")
    a.add_argument("--days", type=int, metavar="D", help="remove untouched stories after D days")
    a.add_argument("--no-save", action="store_true", help="save only stories published from now on")
    a.add_argument("--json", action="store_true")

    ls = fs.add_parser("list", help="list subscriptions")
    ls.add_argument("--json", action="store_true")

    rm = fs.add_parser("remove", help="unsubscribe (untouched stories of the feed go too)")
    rm.add_argument("id", type=int)
    rm.add_argument("--keep-articles", action="store_true", help="keep every saved story")

    im = fs.add_parser("import", help="subscribe to the feeds of an OPML file")
    im.add_argument("file", metavar="FILE.opml")

    ex = fs.add_parser("export", help="write the subscriptions as OPML ('-': standard output)")
    ex.add_argument("file", metavar="FILE.opml")

    up = fs.add_parser("update", help="update the feeds that are due (or the given ones)")
    up.add_argument("ids", nargs="*", type=int, metavar="ID")
    up.add_argument("--json", action="store_true")


def feed_json(feed: Feed) -> dict[str, Any]:
    """A feed object of ``reader feed list --json`` (see the README)."""
    return {
        "id": feed.id,
        "title": feed.title,
        "url": feed.url,
        "site": feed.site_url,
        "tags": list(feed.tags),
        "last_update": feed.last_updated,
        "last_check": feed.last_checked,
        "next_check": feed.next_check,
        "last_error": feed.last_error,
        "unread_count": feed.unread,
        "paused": feed.paused,
        "failures": feed.failures,
        "keep": feed.keep,
        "days": feed.days,
        "interval": feed.interval,
    }


def result_json(r: UpdateResult) -> dict[str, Any]:
    """One object of ``reader feed update --json``."""
    return {
        "id": r.id,
        "url": r.url,
        "ok": r.ok,
        "status": r.status,
        "new": r.new,
        "saved": r.saved,
        "failed": r.failed,
        "partial": r.partial,
        "removed": r.removed,
        "error": r.error,
        "message": r.message,
    }


def _error(line: str) -> None:
    print(f"error: {line}", file=sys.stderr, flush=True)


def _result_line(r: UpdateResult) -> str:
    if not r.ok:
        return f"{r.id}\t{r.url}\t{r.error}: {r.message}"
    if r.status == 304:
        return f"{r.id}\t{r.url}\tunchanged"
    extra = f", {r.partial} from the feed's own text" if r.partial else ""
    gone = f", {r.removed} removed" if r.removed else ""
    return f"{r.id}\t{r.url}\t{r.new} new, {r.saved} saved{extra}, {r.failed} failed{gone}"


def cmd_feed(library: Library, args: argparse.Namespace) -> int:
    handler = {
        "add": _add,
        "list": _list,
        "remove": _remove,
        "import": _import,
        "export": _export,
        "update": _update,
    }[args.feed_command]
    return handler(library, args)


def _add(library: Library, args: argparse.Namespace) -> int:
    done = library.feeds.add(
        args.url, args.tag, keep=args.keep, days=args.days, save=not args.no_save
    )
    if args.json:
        print(json.dumps(feed_json(done.feed) | {"update": result_json(done.first)}))
    else:
        print(f"{done.feed.id}\t{done.feed.title}\t{done.feed.url}")
        print(f"  {_result_line(done.first).split(chr(9))[-1]}")
    return EXIT_OK if done.first.failed == 0 else EXIT_FAILED


def _list(library: Library, args: argparse.Namespace) -> int:
    feeds = library.feeds.all()
    if args.json:
        print(json.dumps([feed_json(f) for f in feeds], ensure_ascii=False, indent=1))
        return EXIT_OK
    for f in feeds:
        state = " [paused]" if f.paused else ""
        tags = ("  #" + " #".join(f.tags)) if f.tags else ""
        when = (f.last_updated or "never")[:16].replace("T", " ")
        print(f"{f.id}\t{f.title or f.url}{state}\t{f.unread} unread · updated {when}{tags}")
        if f.last_error:
            print(f"\t{f.last_error}")
    return EXIT_OK


def _remove(library: Library, args: argparse.Namespace) -> int:
    done = library.feeds.remove(args.id, keep_articles=args.keep_articles)
    print(f"removed feed {done.feed_id}: {done.removed} stories deleted, {done.kept} kept")
    return EXIT_OK


def _import(library: Library, args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    done = library.feeds.import_opml(data)
    for feed in done.added:
        print(f"{feed.id}\t{feed.title or feed.url}\t{feed.url}")
    for url in done.existed:
        print(f"-\t(already subscribed)\t{url}")
    for url in done.skipped:
        _error(f"invalid_url: {url}: not an http(s) feed address")
    for url, problem in done.failed:
        _error(f"{problem.category}: {url}: {problem}")
    print(f"{len(done.added)} feeds added; `reader feed update` saves their stories")
    return EXIT_FAILED if done.failed or done.skipped else EXIT_OK


def _export(library: Library, args: argparse.Namespace) -> int:
    data = library.feeds.export_opml()
    if args.file == "-":
        sys.stdout.buffer.write(data)
        return EXIT_OK
    path = Path(args.file).expanduser()
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    print(f"{len(library.feeds.all())} feeds written to {path}")
    return EXIT_OK


def _update(library: Library, args: argparse.Namespace) -> int:
    results = library.feeds.update(args.ids or None)
    for r in results:
        if args.json:
            print(json.dumps(result_json(r), ensure_ascii=False), flush=True)
        elif r.ok:
            print(_result_line(r), flush=True)
        else:
            _error(f"{r.error}: feed {r.id}: {r.url}: {r.message}")
    if not results and not args.json:
        print("no feed is due", file=sys.stderr)
    return EXIT_FAILED if any(not r.ok or r.failed for r in results) else EXIT_OK
