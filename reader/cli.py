"""The command line: ``reader`` with no arguments opens the app; subcommands script it.

Output is one line per item; errors are ``error: CATEGORY: detail`` on stderr and a
non-zero exit status, never a traceback (unexpected ones go to the log file).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Any

from reader import __version__, cli_export
from reader.cli_feeds import add_feed_commands, cmd_feed
from reader.cli_import import add_parser as add_import_parser
from reader.cli_import import cmd_import
from reader.config import library_dir, log_dir
from reader.errors import ReaderError, UsageError
from reader.extraction import Extracted
from reader.library import Library, SaveResult
from reader.models import (
    SNIPPET_END,
    SNIPPET_START,
    Article,
    ArticleFilter,
    ArticleSummary,
    SearchHit,
    Status,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # as a process killed by SIGPIPE
DEFAULT_WORKERS = 4


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reader",
        description="Save news articles by URL and read them offline. "
        "With no command, opens the app.",
    )
    p.add_argument("--version", action="version", version=f"reader {__version__}")
    p.add_argument(
        "--library",
        metavar="DIR",
        help="library folder (default: $READER_LIBRARY, else your data folder)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser("add", help="save articles by URL or from local HTML files")
    a.add_argument("targets", nargs="+", metavar="URL|FILE")
    a.add_argument("--tag", "-t", action="append", default=[], metavar="T")
    a.add_argument("--url", metavar="BASE", help="the original address of a local file")
    a.add_argument("--refresh", action="store_true", help="fetch again if already saved")
    a.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help=argparse.SUPPRESS)
    a.add_argument("--json", action="store_true")

    ls = sub.add_parser("list", help="list saved articles, newest first")
    ls.add_argument("--tag", metavar="T")
    ls.add_argument("--status", choices=[s.value for s in Status])
    ls.add_argument("--limit", type=int, default=0, help="at most this many (0: all)")
    ls.add_argument("--json", action="store_true")

    sh = sub.add_parser("show", help="print one article")
    sh.add_argument("id", type=int)
    fmt = sh.add_mutually_exclusive_group()
    fmt.add_argument("--html", action="store_true")
    fmt.add_argument("--text", action="store_true")
    fmt.add_argument("--json", action="store_true")

    se = sub.add_parser("search", help="full-text search (tag:, site:, is:unread filters)")
    se.add_argument("query", nargs="+")
    se.add_argument("--limit", type=int, default=50)
    se.add_argument("--json", action="store_true")

    tg = sub.add_parser("tag", help="add or remove tags of an article")
    tg.add_argument("id", type=int)
    tg.add_argument("--add", "-a", action="append", default=[], metavar="T")
    tg.add_argument("--remove", "-r", action="append", default=[], metavar="T")

    tl = sub.add_parser("tags", help="list tags with their counts")
    tl.add_argument("--json", action="store_true")

    rt = sub.add_parser("retry", help="fetch failed or pending articles again")
    rt.add_argument("ids", nargs="*", type=int, metavar="ID")
    rt.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help=argparse.SUPPRESS)

    de = sub.add_parser("delete", help="delete articles for good")
    de.add_argument("ids", nargs="+", type=int, metavar="ID")

    ex = sub.add_parser("extract", help="show what extraction keeps of a page; saves nothing")
    ex.add_argument("targets", nargs="+", metavar="FILE|URL")
    ex.add_argument("--url", metavar="BASE", help="the original address of a local file")
    ex.add_argument("--json", action="store_true")

    ck = sub.add_parser("check", help="check the library file and its search index")
    ck.add_argument("--repair", action="store_true", help="rebuild the search index if wrong")
    add_import_parser(sub)

    op = sub.add_parser("open", help="open the app on an article")
    op.add_argument("id", type=int)
    add_feed_commands(sub)
    cli_export.add_parsers(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    given, links = _links_for_app(list(sys.argv[1:] if argv is None else argv))
    args = _parser().parse_args(given)
    _setup_logging()
    if args.command in (None, "open"):
        return _run_gui(args, links)
    try:
        if args.command == "restore":  # checks the backup before touching the library
            return cli_export.cmd_restore(library_dir(args.library), args)
        with Library.open(library_dir(args.library)) as library:
            handler = _COMMANDS[args.command]
            return handler(library, args)
    except ReaderError as exc:
        _error(exc.one_line())
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILED
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`reader show 6 --json | head -c 300`): end
        # quietly, as Unix tools do, and keep the interpreter from complaining at exit.
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # a bug: say so in one line, keep the traceback in the log
        logging.getLogger("reader").error("unexpected error\n%s", traceback.format_exc())
        _error(f"internal_error: {type(exc).__name__}: {exc} (details in {_log_file()})")
        return EXIT_FAILED


def _links_for_app(argv: list[str]) -> tuple[list[str], list[str]]:
    """``reader URL...``: the app opens (or the running one is asked) and saves them."""
    rest, links, i = [], [], 0
    while i < len(argv):
        token = argv[i]
        if token == "--library" and i + 1 < len(argv):
            rest += argv[i : i + 2]
            i += 2
            continue
        if token.startswith("-"):
            rest.append(token)
        elif token.startswith(("http://", "https://")):
            links.append(token)
        else:
            return argv, []  # a command: its own arguments
        i += 1
    return rest, links


def _run_gui(args: argparse.Namespace, links: Sequence[str] = ()) -> int:
    from reader.qt_check import describe_import_error, why_qt_cannot_start

    problem = why_qt_cannot_start()
    if problem is not None:
        _error(f"gui_unavailable: {problem}")
        return EXIT_FAILED
    try:
        from reader.ui.app import main as gui_main
    except ImportError as exc:
        _error(f"gui_unavailable: {describe_import_error(exc)}")
        return EXIT_FAILED
    article = getattr(args, "id", None)
    return gui_main(library_dir(args.library), open_article=article, save=list(links))


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _error(line: str) -> None:
    print(f"error: {line}", file=sys.stderr, flush=True)


def _log_file() -> str:
    return str(log_dir() / "reader.log")


def _setup_logging() -> None:
    root = logging.getLogger("reader")
    if root.handlers:
        return
    try:
        log_dir().mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(_log_file(), encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    root.propagate = False


# --- commands ------------------------------------------------------------------


def _save_all(
    library: Library,
    jobs: list[str],
    run: Any,
    workers: int,
    as_json: bool,
) -> int:
    failed = 0

    def one(job: str) -> SaveResult | ReaderError:
        try:
            return run(job)  # type: ignore[no-any-return]
        except ReaderError as exc:
            return exc
        finally:
            library.release_thread()

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(jobs) or 1))) as pool:
        for job, outcome in zip(jobs, pool.map(one, jobs), strict=True):
            if isinstance(outcome, ReaderError):
                failed += 1
                if as_json:
                    print(
                        json.dumps(
                            {
                                "input": job,
                                "ok": False,
                                "id": getattr(outcome, "article_id", None),
                                "error": outcome.category,
                                "message": str(outcome),
                            }
                        ),
                        flush=True,
                    )
                else:
                    _error(f"{outcome.category}: {job}: {outcome}")
            else:
                if as_json:
                    print(
                        json.dumps(
                            {
                                "input": job,
                                "ok": True,
                                "id": outcome.article_id,
                                "title": outcome.title,
                                "existed": outcome.existed,
                                "notes": list(outcome.notes),
                            }
                        ),
                        flush=True,
                    )
                else:
                    extra = "  (already saved)" if outcome.existed else ""
                    print(f"{outcome.article_id}\t{outcome.title}{extra}", flush=True)
                    for note in outcome.notes:
                        print(f"  note: {note}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _cmd_add(library: Library, args: argparse.Namespace) -> int:
    if args.url and len(args.targets) > 1:
        raise UsageError("--url names the address of one file; give one file with it")
    return _save_all(
        library,
        list(args.targets),
        lambda t: library.save(t, args.tag, base_url=args.url, refresh=args.refresh),
        args.workers,
        args.json,
    )


def _cmd_retry(library: Library, args: argparse.Namespace) -> int:
    from reader.save_queue import SaveQueue

    ids = args.ids or library.unfinished()
    if not ids:
        print("nothing to retry")
        return EXIT_OK
    # Through the save queue: at most two requests at once to one site.
    outcomes: dict[int, SaveResult | ReaderError] = {}
    SaveQueue(library, workers=max(1, args.workers)).drain(
        ids, on_result=lambda i, r: outcomes.__setitem__(i, r)
    )
    order = [str(i) for i in ids]
    return _save_all(library, order, lambda i: _raise_or_return(outcomes[int(i)]), 1, False)


def _raise_or_return(outcome: SaveResult | ReaderError) -> SaveResult:
    if isinstance(outcome, ReaderError):
        raise outcome
    return outcome


def summary_json(s: ArticleSummary | Article) -> dict[str, Any]:
    """The keys every article object of ``--json`` output has (see the README)."""
    return {
        "id": s.id,
        "title": s.title,
        "url": s.url or s.given_url,
        "given_url": s.given_url,
        "site_name": s.site_name,
        "byline": s.byline,
        "excerpt": s.excerpt,
        "published": s.published,
        "saved_at": s.saved_at,
        "status": s.status.value,
        "error": s.error,
        "word_count": s.word_count,
        "reading_minutes": s.reading_minutes,
        "is_read": s.is_read,
        "archived": s.archived,
        "favourite": s.favourite,
        "tags": list(s.tags),
    }


def article_json(a: Article) -> dict[str, Any]:
    """``reader show --json``: the summary keys plus the article's full record."""
    return summary_json(a) | {
        "canonical_url": a.canonical_url,
        "lang": a.lang,
        "updated_at": a.updated_at,
        "read_position": a.read_position,
        "notes": list(a.notes),
        "partial": a.partial,
        "image_count": a.image_count,
        "html": a.html,
        "text": a.text,
        "highlights": [
            {
                "id": h.id,
                "quote": h.quote,
                "note": h.note,
                "color": h.color,
                "created_at": h.created_at,
            }
            for h in a.highlights
        ],
    }


def _cmd_list(library: Library, args: argparse.Namespace) -> int:
    flt = ArticleFilter(tag=args.tag, status=Status(args.status) if args.status else None)
    items: list[ArticleSummary] = []
    cursor = None
    while True:
        page = library.page(flt, cursor=cursor, limit=500)
        items.extend(page.items)
        cursor = page.cursor
        if cursor is None or (args.limit and len(items) >= args.limit):
            break
    if args.limit:
        items = items[: args.limit]
    if args.json:
        print(json.dumps([summary_json(s) for s in items], ensure_ascii=False, indent=1))
        return EXIT_OK
    for s in items:
        print(_summary_line(s))
    return EXIT_OK


def _summary_line(s: ArticleSummary) -> str:
    if s.status is not Status.SAVED:
        detail = s.error or "waiting to be fetched"
        title = f"{s.title}  " if s.title else ""  # an imported item's, until fetched
        return f"{s.id}\t[{s.status.value}] {title}{s.given_url}\t{detail}"
    date = (s.published or s.saved_at)[:10]
    marks = ("" if s.is_read else "*") + ("♥" if s.favourite else "")
    tags = ("  #" + " #".join(s.tags)) if s.tags else ""
    site = f"{s.site_name} · " if s.site_name else ""
    return f"{s.id}\t{marks}{s.title}\t{site}{date} · {s.reading_minutes} min{tags}"


def _cmd_show(library: Library, args: argparse.Namespace) -> int:
    a = library.get(args.id)
    if args.json:
        print(json.dumps(article_json(a), ensure_ascii=False, indent=1))
    elif args.html:
        print(a.html)
    elif args.text:
        print(a.text)
    else:
        print(a.title)
        meta = " · ".join(x for x in (a.byline, a.site_name, a.published) if x)
        if meta:
            print(meta)
        print(a.url or a.given_url)
        if a.status is not Status.SAVED:
            print(f"[{a.status.value}] {a.error or ''}")
        if a.excerpt:
            print(f"\n{a.excerpt}")
        print(f"\n{a.text}")
    return EXIT_OK


def _snippet(text: str, start: str, end: str) -> str:
    return text.replace(SNIPPET_START, start).replace(SNIPPET_END, end)


def _cmd_search(library: Library, args: argparse.Namespace) -> int:
    hits: list[SearchHit] = library.search(" ".join(args.query), limit=args.limit)
    if args.json:
        rows = []
        for h in hits:
            row = summary_json(h.article)
            row["snippet"] = _snippet(h.snippet, "[", "]")
            row["rank"] = h.rank
            rows.append(row)
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return EXIT_OK
    bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("[", "]")
    for h in hits:
        print(f"{h.article.id}\t{h.article.title}")
        print(f"\t{_snippet(h.snippet, bold, plain)}")
    if not hits:
        print("no matches", file=sys.stderr)
    return EXIT_OK


def _cmd_tag(library: Library, args: argparse.Namespace) -> int:
    if not args.add and not args.remove:
        print(" ".join(library.get(args.id).tags))
        return EXIT_OK
    if args.add:
        library.add_tags([args.id], args.add)
    if args.remove:
        library.remove_tags([args.id], args.remove)
    print(f"{args.id}\t{' '.join(library.get(args.id).tags)}")
    return EXIT_OK


def _cmd_tags(library: Library, args: argparse.Namespace) -> int:
    tags = library.tags()
    if args.json:
        print(json.dumps([{"name": t.name, "count": t.count} for t in tags], ensure_ascii=False))
    for t in tags if not args.json else ():
        print(f"{t.count}\t{t.name}")
    return EXIT_OK


def _cmd_delete(library: Library, args: argparse.Namespace) -> int:
    n = library.delete(args.ids)
    print(f"deleted {n} article{'s' if n != 1 else ''}")
    return EXIT_OK


def extracted_json(target: str, e: Extracted) -> dict[str, Any]:
    data = asdict(e)
    data["image_urls"] = list(e.image_urls)
    return {"input": target, "ok": True, **data}


def _cmd_extract(library: Library, args: argparse.Namespace) -> int:
    failed = 0
    for target in args.targets:
        try:
            e = library.extract(target, args.url)
        except ReaderError as exc:
            failed += 1
            if args.json:
                print(
                    json.dumps(
                        {"input": target, "ok": False, "error": exc.category, "message": str(exc)}
                    )
                )
            else:
                _error(f"{exc.category}: {target}: {exc}")
            continue
        if args.json:
            print(json.dumps(extracted_json(target, e), ensure_ascii=False))
        else:
            print(f"title:      {e.title}")
            for label, value in (
                ("byline", e.byline),
                ("published", e.published),
                ("site", e.site_name),
                ("lang", e.lang),
                ("canonical", e.canonical_url),
                ("lead image", e.lead_image),
                ("excerpt", e.excerpt),
            ):
                print(f"{label + ':':<11} {value or '-'}")
            print(f"images:     {len(e.image_urls)}")
            print(f"\n{e.text}\n")
    return EXIT_FAILED if failed else EXIT_OK


def _cmd_check(library: Library, args: argparse.Namespace) -> int:
    report, rebuilt = library.check(repair=args.repair)
    print(f"file: {report.integrity}")
    if report.index == "ok":
        print(f"search index: ok ({report.indexed} articles)")
    elif rebuilt is not None:
        print(f"search index: {report.index}; rebuilt, now {rebuilt} articles")
    else:
        print(f"search index: {report.index} (reader check --repair rebuilds it)")
    return (
        EXIT_OK if report.integrity == "ok" and (report.index == "ok" or rebuilt) else EXIT_FAILED
    )


_COMMANDS = {
    "add": _cmd_add,
    "list": _cmd_list,
    "show": _cmd_show,
    "search": _cmd_search,
    "tag": _cmd_tag,
    "tags": _cmd_tags,
    "retry": _cmd_retry,
    "delete": _cmd_delete,
    "extract": _cmd_extract,
    "check": _cmd_check,
    "feed": cmd_feed,
    "import": cmd_import,
    **cli_export.COMMANDS,
}
