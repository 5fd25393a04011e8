"""An article's stored HTML made ready for a format: photos re-pointed, highlights marked.

Every format starts here: ``prepare`` takes the stored (sanitised) HTML, points each
``reader://image/KEY`` at what the format wants (a file in the book, a ``data:`` URI, a
relative path) or drops a photo that is not in the library (nothing remote is ever
left), wraps each highlight's quote in ``<mark>`` and, for a highlight with a note, puts
a numbered note reference after it.  Pure functions, thread-safe.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import lxml.html

from reader.models import Article, Highlight

LIBRARY_IMAGE_PREFIX = "reader://image/"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}

#: Characters no file system of Windows, macOS or Linux accepts in a name.
_FORBIDDEN = set('<>:"/\\|?*') | {chr(i) for i in range(32)} | {"\x7f"}
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}


@dataclass(frozen=True, slots=True)
class Note:
    number: int
    anchor: str  # the id of the note itself
    text: str
    quote: str


@dataclass(frozen=True, slots=True)
class Prepared:
    html: str  # the body, ready for the format
    notes: tuple[Note, ...]  # highlight notes, in reading order
    unplaced: tuple[Highlight, ...]  # highlights whose quote is not in the text


def extension(mime: str) -> str:
    return EXTENSIONS.get(mime, "bin")


def prepare(
    article: Article,
    image_src: Callable[[str], str | None],
    *,
    note_id: Callable[[int], str] = lambda n: f"note-{n}",
    note_ref: Callable[[Note], str] | None = None,
) -> Prepared:
    """``image_src(key)`` gives a photo's new address (None drops it); ``note_ref(note)``
    the markup put after a highlight with a note (None: no references)."""
    root = lxml.html.fragment_fromstring(article.html or "<p></p>", create_parent="div")
    _repoint_images(root, image_src)
    conform(root)
    notes: list[Note] = []
    unplaced: list[Highlight] = []
    for h in article.highlights:
        last = _mark(root, h)
        if last is None:
            unplaced.append(h)
            continue
        if h.note and note_ref is not None:
            number = len(notes) + 1
            note = Note(number, note_id(number), h.note, h.quote)
            notes.append(note)
            _insert_after(last, lxml.html.fragment_fromstring(note_ref(note)))
    body = html_lib.escape(root.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode", method="html") for child in root
    )
    return Prepared(body, tuple(notes), tuple(unplaced))


def _repoint_images(root: lxml.html.HtmlElement, image_src: Callable[[str], str | None]) -> None:
    for img in list(root.iter("img")):
        src = img.get("src") or ""
        new = (
            image_src(src[len(LIBRARY_IMAGE_PREFIX) :])
            if src.startswith(LIBRARY_IMAGE_PREFIX)
            else None
        )
        if new is not None:
            img.set("src", new)
            if not img.get("alt"):
                img.set("alt", "")
            continue
        figure = next(img.iterancestors("figure"), None)
        img.drop_tree()
        if figure is not None and next(figure.iter("img"), None) is None:
            figure.drop_tree()  # a caption without its photo reads as a stray line


# --- strict HTML ---------------------------------------------------------------

#: Elements that are valid only inside certain parents; elsewhere (the web's HTML is
#: often like that, and the sanitiser keeps the text) they become the given element.
_PARENTS: dict[str, tuple[frozenset[str], str]] = {
    "figcaption": (frozenset({"figure"}), "p"),
    "li": (frozenset({"ul", "ol"}), "p"),
    "dt": (frozenset({"dl"}), "p"),
    "dd": (frozenset({"dl"}), "p"),
    "caption": (frozenset({"table"}), "p"),
    "summary": (frozenset({"details"}), "p"),
    "thead": (frozenset({"table"}), "div"),
    "tbody": (frozenset({"table"}), "div"),
    "tfoot": (frozenset({"table"}), "div"),
    "colgroup": (frozenset({"table"}), "div"),
    "col": (frozenset({"colgroup", "table"}), "span"),
    "tr": (frozenset({"table", "thead", "tbody", "tfoot"}), "div"),
    "td": (frozenset({"tr"}), "div"),
    "th": (frozenset({"tr"}), "div"),
    "rt": (frozenset({"ruby"}), "span"),
    "rp": (frozenset({"ruby"}), "span"),
}
_WHOLE = re.compile(r"^[0-9]{1,6}$")
_LANG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$"
)
_ENUMS = {
    "dir": {"ltr", "rtl", "auto"},
    "scope": {"row", "col", "rowgroup", "colgroup"},
    "type": {"1", "a", "A", "i", "I"},
}


def valid_lang(value: str | None) -> str | None:
    """``value`` as a BCP 47 tag (``en_US`` -> ``en-US``), or None if it is not one."""
    tag = (value or "").strip().replace("_", "-")
    return tag if _LANG.match(tag) else None


def conform(root: lxml.html.HtmlElement) -> None:
    """Make stored HTML valid where EPUB checkers are strict: orphaned list items,
    captions and table cells get a valid element, and attribute values that are not of
    their type (``width="100%"``, a ``headers`` reference, a free-form ``datetime``) go."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        rule = _PARENTS.get(el.tag)
        parent = el.getparent()
        if rule is not None and (parent is None or parent.tag not in rule[0]):
            el.tag = rule[1]
            el.attrib.clear()
        for name, value in list(el.attrib.items()):
            if name == "lang" and valid_lang(value):
                el.set("lang", valid_lang(value) or "")
            elif not _valid_attribute(el.tag, name, value):
                del el.attrib[name]
        if el.tag == "details" and "open" in el.attrib:
            el.set("open", "open")


def _valid_attribute(tag: str, name: str, value: str) -> bool:
    if name in ("width", "height", "colspan", "rowspan", "span", "start", "value"):
        return bool(_WHOLE.match(value)) and (name in ("start", "value") or int(value) > 0)
    if name == "lang":
        return False  # (a valid one was kept above)
    if name == "datetime":
        return bool(_DATETIME.match(value))
    if name == "headers":
        return False  # refers to ids, which stored HTML never has
    if name == "reversed":
        return value in ("", "reversed")
    if name in _ENUMS and (name != "type" or tag == "ol"):
        return value in _ENUMS[name]
    return True


# --- highlights ----------------------------------------------------------------

Segment = tuple[lxml.html.HtmlElement, str]  # (element, "text" | "tail")


def _segments(el: lxml.html.HtmlElement) -> Iterator[Segment]:
    if el.text:
        yield el, "text"
    for child in el:
        if isinstance(child.tag, str):
            yield from _segments(child)
        if child.tail:
            yield child, "tail"


def _squeezed(raw: str) -> tuple[str, list[int]]:
    """``raw`` with each run of white space as one space, and each kept char's index."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(raw):
        if ch.isspace():
            if space:
                continue
            out.append(" ")
            space = True
        else:
            out.append(ch)
            space = False
        where.append(i)
    return "".join(out), where


def _find(text: str, h: Highlight) -> int:
    quote = " ".join(h.quote.split())
    prefix = " ".join(h.prefix.split())
    first = -1
    pos = text.find(quote)
    while pos >= 0:
        if first < 0:
            first = pos
        if prefix and text[:pos].rstrip().endswith(prefix):
            return pos
        pos = text.find(quote, pos + 1)
    return first


def _mark(root: lxml.html.HtmlElement, h: Highlight) -> lxml.html.HtmlElement | None:
    """Wrap the quote's text in ``<mark>`` (one per text run it spans); returns the
    last mark, or None when the quote is not in the text."""
    quote = " ".join(h.quote.split())
    if not quote:
        return None
    segments = list(_segments(root))
    texts = [getattr(el, kind) or "" for el, kind in segments]
    squeezed, where = _squeezed("".join(texts))
    pos = _find(squeezed, h)
    if pos < 0:
        return None
    start, end = where[pos], where[pos + len(quote) - 1] + 1
    last: lxml.html.HtmlElement | None = None
    offset = 0
    spans = []
    for (el, kind), text in zip(segments, texts, strict=True):
        lo, hi = max(start, offset), min(end, offset + len(text))
        if lo < hi and text[lo - offset : hi - offset].strip():
            spans.append((el, kind, text, lo - offset, hi - offset))
        offset += len(text)
    for el, kind, text, lo, hi in reversed(spans):
        mark = lxml.html.Element("mark")
        mark.set("class", f"highlight {h.color}")
        mark.text, mark.tail = text[lo:hi], text[hi:]
        if kind == "text":
            el.text = text[:lo]
            el.insert(0, mark)
        else:
            el.tail = text[:lo]
            parent = el.getparent()
            parent.insert(parent.index(el) + 1, mark)
        last = last if last is not None else mark
    return last


def _insert_after(mark: lxml.html.HtmlElement, ref: lxml.html.HtmlElement) -> None:
    # Never a link inside a link: a quote inside <a> gets its reference after the link.
    anchor = mark
    for outer in mark.iterancestors("a"):
        anchor = outer
    ref.tail, anchor.tail = anchor.tail, None
    parent = anchor.getparent()
    parent.insert(parent.index(anchor) + 1, ref)


# --- names ---------------------------------------------------------------------


def safe_name(title: str, taken: set[str], *, limit: int = 100) -> str:
    """A file name (no extension) from ``title`` that Windows, macOS and Linux all accept
    and that differs from every name in ``taken`` even where case and Unicode form are
    ignored (macOS, Windows); it is added to ``taken`` (as its folded form)."""
    name = unicodedata.normalize("NFC", title)
    name = "".join("-" if ch in _FORBIDDEN else ch for ch in name)
    name = " ".join(name.split()).strip(" .-") or "article"
    if name.split(".")[0].lower() in _RESERVED:
        name = f"{name} article"
    name = _cut(name, limit)
    candidate, n = name, 1
    while _folded(candidate) in taken:
        n += 1
        candidate = f"{_cut(name, limit - 8)} ({n})"
    taken.add(_folded(candidate))
    return candidate


def _cut(name: str, limit: int) -> str:
    """At most ``limit`` UTF-8 bytes (names are limited in bytes), cut at a character."""
    data = name.encode("utf-8")[:limit]
    return data.decode("utf-8", "ignore").rstrip(" .") or "article"


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()
