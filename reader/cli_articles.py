"""The command line's article commands: add, retry, list, show, search, tag, tags, mark,
delete, extract and check.  Each handler takes the open Library and the parsed arguments
and returns the exit status; errors are ReaderErrors, reported by ``reader.cli.main``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from reader.cli_highlights import highlight_json
from reader.errors import ReaderError, UsageError
from reader.library import Library, SaveResult
from reader.models import (
    SNIPPET_END,
    SNIPPET_START,
    Article,
    ArticleFilter,
    ArticleSummary,
    SearchHit,
    SortKey,
    Status,
)

if TYPE_CHECKING:
    from reader.extraction import Extracted

EXIT_OK, EXIT_FAILED = 0, 1
DEFAULT_WORKERS = 4


def error(line: str) -> None:
    print(f"error: {line}", file=sys.stderr, flush=True)


def add_parsers(sub: Any) -> None:
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
    ls.add_argument("--unread", action="store_true", help="only articles not read yet")
    ls.add_argument("--read", action="store_true", help="only articles read")
    ls.add_argument("--favourite", "--favorite", action="store_true", help="only favourites")
    ls.add_argument("--archived", action="store_true", help="only archived articles")
    ls.add_argument("--site", metavar="NAME", help="only articles from this site")
    ls.add_argument(
        "--sort", choices=[k.value for k in SortKey], default=SortKey.SAVED.value,
        help="saved (newest first, the default), published, oldest, longest, shortest, site",
    )  # fmt: skip
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

    tl = sub.add_parser("tags", help="list tags with their counts; rename, merge or delete one")
    what = tl.add_mutually_exclusive_group()
    what.add_argument(
        "--rename", nargs=2, metavar=("OLD", "NEW"), help="rename (or merge into NEW)"
    )
    what.add_argument("--delete", metavar="NAME", help="remove the tag from every article")
    tl.add_argument("--json", action="store_true")

    mk = sub.add_parser("mark", help="mark articles read, unread, favourite or archived")
    mk.add_argument("ids", nargs="+", type=int, metavar="ID")
    for flag, dest, value in (
        ("--read", "read", True), ("--unread", "read", False),
        ("--favourite", "favourite", True), ("--unfavourite", "favourite", False),
        ("--archive", "archived", True), ("--unarchive", "archived", False),
    ):  # fmt: skip
        mk.add_argument(flag, dest=dest, action="store_const", const=value)

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
                    error(f"{outcome.category}: {job}: {outcome}")
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
    report = SaveQueue(library, workers=max(1, args.workers)).drain(
        ids, on_result=lambda i, r: outcomes.__setitem__(i, r)
    )
    for i in report.elsewhere:  # claimed by another Reader draining the same library
        print(f"note: {i}: left to another Reader saving it at the same time", file=sys.stderr)
    order = [str(i) for i in ids if i in outcomes]
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
        "partial": s.partial,
    }


def article_json(a: Article) -> dict[str, Any]:
    """``reader show --json``: the summary keys plus the article's full record."""
    return summary_json(a) | {
        "canonical_url": a.canonical_url,
        "lang": a.lang,
        "updated_at": a.updated_at,
        "read_position": a.read_position,
        "notes": list(a.notes),
        "image_count": a.image_count,
        "html": a.html,
        "text": a.text,
        "highlights": [highlight_json(h) for h in a.highlights],
        "note": a.note,
    }


def _cmd_list(library: Library, args: argparse.Namespace) -> int:
    if args.read and args.unread:
        raise UsageError("--read and --unread exclude each other")
    flt = ArticleFilter(
        tag=args.tag,
        status=Status(args.status) if args.status else None,
        unread=True if args.unread else (False if args.read else None),
        favourite=True if args.favourite else None,
        archived=True if args.archived else None,
        site=args.site,
    )
    sort = SortKey(args.sort)
    items: list[ArticleSummary] = []
    cursor = None
    while True:
        page = library.page(flt, sort=sort, cursor=cursor, limit=500)
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
    if args.rename:
        old, new = args.rename
        library.rename_tag(old, new)
        print(f"renamed {old} to {new}")
        return EXIT_OK
    if args.delete:
        library.delete_tag(args.delete)
        print(f"deleted the tag {args.delete}")
        return EXIT_OK
    tags = library.tags()
    if args.json:
        print(json.dumps([{"name": t.name, "count": t.count} for t in tags], ensure_ascii=False))
        return EXIT_OK
    for t in tags:
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
                error(f"{exc.category}: {target}: {exc}")
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


def _cmd_mark(library: Library, args: argparse.Namespace) -> int:
    if args.read is None and args.favourite is None and args.archived is None:
        raise UsageError(
            "say what to mark: --read, --unread, --favourite, --unfavourite, --archive "
            "or --unarchive"
        )
    summaries = [library.summary(i) for i in args.ids]  # NotFoundError for a wrong id
    if args.read is not None:
        library.set_read(args.ids, args.read)
    if args.favourite is not None:
        library.set_favourite(args.ids, args.favourite)
    if args.archived is not None:
        library.set_archived(args.ids, args.archived)
    for s in summaries:
        print(_summary_line(library.summary(s.id)))
    return EXIT_OK


COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "add": _cmd_add,
    "list": _cmd_list,
    "show": _cmd_show,
    "search": _cmd_search,
    "tag": _cmd_tag,
    "tags": _cmd_tags,
    "mark": _cmd_mark,
    "retry": _cmd_retry,
    "delete": _cmd_delete,
    "extract": _cmd_extract,
    "check": _cmd_check,
}
