"""Browser bookmarks (the Netscape bookmark file every browser exports: nested ``<DL>``
folders become tags) and a plain list of URLs (one a line, ``#`` comments)."""

from __future__ import annotations

from html.parser import HTMLParser

from reader.errors import ImportFileError
from reader.importers.base import ParsedFile, RowProblem, Source, any_time
from reader.models import ImportedItem

NETSCAPE = "<!doctype netscape-bookmark-file-1>"
#: Folders every browser has, which say nothing about what is in them.
_ROOT_FOLDERS = frozenset(
    {
        "bookmarks bar",
        "bookmarks toolbar",
        "bookmarks menu",
        "other bookmarks",
        "mobile bookmarks",
        "favorites bar",
        "bookmarks",
    }
)


def looks_like_bookmarks(text: str) -> bool:
    return text.lstrip().lower().startswith(NETSCAPE)


class _Bookmarks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.folders: list[str | None] = []
        self.heading: list[str] | None = None
        self.last_heading: str | None = None
        self.link: dict[str, str | None] | None = None
        self.link_line = 0
        self.text: list[str] = []
        self.found: list[tuple[int, dict[str, str | None], str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h3":
            self.heading = []
        elif tag == "dl":
            self.folders.append(self.last_heading)
            self.last_heading = None
        elif tag == "a":
            self.link, self.link_line, self.text = dict(attrs), self.getpos()[0], []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self.heading is not None:
            self.last_heading = " ".join("".join(self.heading).split())
            self.heading = None
        elif tag == "dl" and self.folders:
            self.folders.pop()
        elif tag == "a" and self.link is not None:
            folders = tuple(f for f in self.folders if f and f.lower() not in _ROOT_FOLDERS)
            self.found.append((self.link_line, self.link, "".join(self.text).strip(), folders))
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading.append(data)
        elif self.link is not None:
            self.text.append(data)


def parse_bookmarks(source: Source) -> ParsedFile:
    out = ParsedFile("bookmarks")
    text = source.text()
    if not looks_like_bookmarks(text):
        raise ImportFileError(f"{source.path.name} is not a browser bookmarks file")
    parser = _Bookmarks()
    parser.feed(text)
    parser.close()
    for line, attrs, title, folders in parser.found:
        url = (attrs.get("href") or "").strip()
        where = f"line {line}"
        if not url:
            out.problems.append(RowProblem(where, "a bookmark without an address"))
            continue
        if url.lower().startswith(("place:", "chrome:", "about:")):
            continue  # the browser's own saved searches and pages: not bookmarks of pages
        try:
            saved_at = any_time(attrs.get("add_date"))
        except (ValueError, OverflowError):
            out.problems.append(RowProblem(where, "ADD_DATE is not a time", url))
            continue
        tags = [t.strip() for t in (attrs.get("tags") or "").split(",") if t.strip()]
        out.items.append(
            ImportedItem(
                url=url,
                title=title,
                saved_at=saved_at,
                tags=(*folders, *tags),
                line=line,
            )
        )
    return out


def looks_like_url_list(text: str) -> bool:
    lines = [ln.strip() for ln in text.splitlines()[:200] if ln.strip()]
    lines = [ln for ln in lines if not ln.startswith("#")][:50]
    urls = sum(1 for ln in lines if "://" in ln and " " not in ln)
    return bool(lines) and urls * 2 > len(lines)


def parse_urls(source: Source) -> ParsedFile:
    out = ParsedFile("urls")
    for n, raw in enumerate(source.text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if " " in line or "\t" in line:
            out.problems.append(RowProblem(f"line {n}", "is not one URL", line[:200]))
            continue
        out.items.append(ImportedItem(url=line, line=n))
    if not out.items and not out.problems:
        raise ImportFileError(f"{source.path.name} has no URLs in it")
    return out
