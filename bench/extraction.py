"""Extraction benchmark: Reader against readability-lxml alone (and trafilatura), per dev set.

Usage: ``python bench/extraction.py [--set readability|dev2|all] [--json] [--per-page]
[--only NAME ...] [--no-trafilatura]``

Two dev sets, both under ``../shared/datasets``:

- ``readability-test-pages``: one folder per page with ``source.html``, ``expected.html`` and
  ``expected-metadata.json`` (Mozilla's Readability.js test pages), every page parsed with
  the URL ``http://fakehost/test/page.html``.  Text, title, byline, date and images kept.
  Titles are also counted equal when they differ only by the site-name suffix that
  Readability.js keeps and Reader drops ("... | eHow" with siteName "eHow"), and, more
  leniently, when Reader's is the truth less the parts on one side of a separator
  ("Headline | Section"; whitespace collapsed on both sides).  Bylines are
  also compared by names only (a leading "By" and anything from the first word with a
  digit off, on both sides: Readability.js keeps dates in some), and a byline where the
  truth has none is also counted apart when the page's own author markup names it.
- ``extraction-dev-2``: ``NNNN/source.html``, ``expected.txt`` and ``meta.json``; text scored
  with the set's own ``score.py`` (macro P/R over 4-gram shingles), per source.  Its truth
  has no metadata: the figure there is how many pages with a date (or author) in their
  markup come out without one.  Where a source's truth leaves figure captions out, text is
  also scored with the story's ``<figcaption>`` text left out.

readability-lxml alone is ``readability.Document(html).summary()``; trafilatura (a bench-only
dependency, when installed) is ``trafilatura.extract(html)``; both are timed in the same
run on the same pages as Reader, one after another on each page.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
import readability

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reader.errors import NoContentError  # noqa: E402
from reader.extraction import Extracted, extract  # noqa: E402
from reader.extraction.metadata_rules import without_site_suffix  # noqa: E402
from reader.extraction.text import element_text, html_to_text  # noqa: E402

PAGE_URL = "http://fakehost/test/page.html"
DATASETS = REPO.parent / "shared" / "datasets"
READABILITY_PAGES = DATASETS / "readability-test-pages"
DEV2 = DATASETS / "extraction-dev-2"
#: Sources of extraction-dev-2 whose truth leaves figure captions out (see its README).
NO_CAPTIONS = ("L3S-GN1", "Chinese-Web-Content-Extraction-Dataset")
_WORD = re.compile(r"\w+")
_BY = re.compile(r"^\s*by\b[\s:]*", re.I)
# Markup that states a publication date or an author (what a page "has in its markup").
_DATE_MARKUP = re.compile(
    rb"datePublished|article:published_time|<time[^>]+datetime=|parsely-pub-date|"
    rb"name=[\"']?(?:dc\.date|date|pubdate|publishdate)[\"' >]",
    re.I,
)
_AUTHOR_MARKUP = re.compile(
    rb"\"author\"\s*:\s*(?:\"[^\"]{2,}|\{|\[)"  # JSON-LD with a name or a Person
    rb"|<meta[^>]+name=[\"']?(?:author|dc\.creator|parsely-author)[\"']?[^>]+content=[\"'][^\"']{2,}"
    rb"|<meta[^>]+content=[\"'][^\"']{2,}[\"'][^>]+name=[\"']?(?:author|dc\.creator)[\"' />]"
    rb"|<a[^>]+rel=[\"']?author[\"']?[^>]*>\s*[^<\s]"  # a link to the author with text
    rb"|<(?!input|meta|link)[a-z]+[^>]+itemprop=[\"']?author",
    re.I,
)

try:
    import trafilatura as _trafilatura

    trafilatura: ModuleType | None = _trafilatura
except ImportError:  # a bench-only dependency: measured when installed
    trafilatura = None


def decode(data: bytes) -> str:
    from reader.fetcher import decode_html

    return decode_html(data)


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of contiguous 4-token windows; 1 to 3 tokens make one shingle."""
    tokens = _WORD.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def overlap(predicted: str, truth: str) -> tuple[float | None, float | None]:
    """(precision, recall) of ``predicted`` against ``truth``; None where undefined."""
    p, t = shingles(predicted), shingles(truth)
    tp = sum((p & t).values())
    precision = tp / sum(p.values()) if p else None
    recall = tp / sum(t.values()) if t else None
    return precision, recall


def norm_byline(value: str | None) -> str:
    return " ".join(_BY.sub("", value or "").split()).casefold()


_LABEL = re.compile(r"^(?:(?:written|posted)\s+by|by|par|von|por)\b\W*", re.I)
_DIGIT_ON = re.compile(
    r"\s*(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?\S*\d.*$", re.I
)


def names_only(value: str | None) -> str:
    """``norm_byline`` without a leading label word and without everything from the first
    word holding a digit or a date's month on: "By Ann Lee March 25, 2015" -> "ann lee".
    Applied to both sides for the lenient "byline_names_match" figure."""
    text = " ".join((value or "").split())
    return norm_byline(_DIGIT_ON.sub("", _LABEL.sub("", text)))


def named_in_markup(raw: bytes, byline: str | None) -> bool:
    """True when the byline's first name is in the page's author markup (JSON-LD author,
    meta author, rel=author, itemprop=author): what such markup names is no invention."""
    first = (byline or "").split(",")[0].strip().encode("utf-8")
    if not first:
        return False
    return any(first in raw[m.start() : m.end() + 400] for m in _AUTHOR_MARKUP.finditer(raw))


_PART = re.compile(r"\s+(?:[|\-–—·•»:]+|::)\s+")


def headline_of(truth: str, got: str) -> bool:
    """True when ``got`` is ``truth``, or ``truth`` less the parts on one side of a title
    separator ("Headline | Section", "Site - Headline"): the lenient title figure."""
    truth, got = " ".join(truth.split()), " ".join(got.split())
    if got == truth:
        return True
    return any(got in (truth[: cut.start()], truth[cut.end() :]) for cut in _PART.finditer(truth))


def same_day(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a.strip()[:10] == b.strip()[:10]  # type: ignore[union-attr]


def image_srcs(html: str) -> list[str]:
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [urljoin(PAGE_URL, img.get("src") or "") for img in root.iter("img") if img.get("src")]


def photo_keys(srcs: list[str] | tuple[str, ...]) -> set[tuple[str, str]]:
    """One key per photo: host and path (a srcset's other size or quality is the same
    photo); ``data:`` images, which Reader never keeps by design, are left out."""
    keys = set()
    for src in srcs:
        parts = urlsplit(src)
        if parts.scheme in ("http", "https"):
            keys.add((parts.netloc.lower(), parts.path))
    return keys


def text_without_captions(html: str) -> str:
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for caption in list(root.iter("figcaption")):
        caption.drop_tree()
    return element_text(root)


def timed(call: Callable[[], str]) -> tuple[str, float]:
    start = time.perf_counter()
    text = call()
    return text, (time.perf_counter() - start) * 1000


def run_reader(html: str, url: str) -> tuple[Extracted | None, str | None, float]:
    start = time.perf_counter()
    try:
        result, error = extract(html, url), None
    except NoContentError as exc:
        result, error = None, str(exc)
    return result, error, (time.perf_counter() - start) * 1000


def summary_text(html: str) -> str:
    """Text of readability's summary, which is a whole document when it gives up."""
    if not html.strip():
        return ""
    body = lxml.html.document_fromstring(html).find("body")
    return element_text(body) if body is not None else ""


def readability_text(page: str | bytes) -> str:
    try:
        return summary_text(readability.Document(page).summary())
    except readability.readability.Unparseable:
        return ""


def trafilatura_text(page: str | bytes) -> str:
    assert trafilatura is not None
    return str(trafilatura.extract(page) or "")


@dataclass
class Scored:
    """One extractor's text on one page (P and R as score.py or ``overlap`` define them)."""

    precision: float | None
    recall: float | None
    empty: bool
    ms: float


@dataclass
class PageResult:
    name: str
    source: str
    reader: Scored
    readability: Scored
    trafilatura: Scored | None
    reader_no_captions: Scored | None = None
    error: str | None = None
    title_ok: bool | None = None
    title_ok_but_suffix: bool | None = None  # equal once the truth's site-name suffix is off
    title_ok_but_parts: bool | None = None  # equal once names after/before a separator are off
    byline_ok: bool | None = None  # None when the truth has no byline
    byline_spurious: bool = False  # a byline where the truth has none
    byline_names_ok: bool | None = None  # same names once labels and dates are off
    byline_spurious_marked: bool = False  # spurious, but named by the page's author markup
    date_ok: bool | None = None
    images_expected: int = 0
    images_kept: int = 0
    partial: bool = False  # Reader marked the page a teaser
    date_in_markup: bool = False
    author_in_markup: bool = False
    got: dict[str, str | None] = field(default_factory=dict)


def _shingle_pr(predicted: str, truth: str, score: ModuleType | None) -> tuple[float | None, ...]:
    if score is None:
        p, r = overlap(predicted, truth)
        return p, (r if r is not None or not truth.strip() else 0.0)
    tp, fp, fn = score.page_counts(score.tokens(truth, False), score.tokens(predicted, False))
    p = score.precision(tp, fp, fn) if tp + fp > 0 else None
    r = score.recall(tp, fp, fn) if tp + fn > 0 else None
    return p, r


def _scored(text: str, truth: str, ms: float, score: ModuleType | None) -> Scored:
    p, r = _shingle_pr(text, truth, score)
    return Scored(p, r, not text.strip(), ms)


def _others(
    raw: bytes, html: str, truth: str, score: ModuleType | None, use_trafilatura: bool
) -> tuple[Scored, Scored | None]:
    # readability-lxml and trafilatura get the page's bytes, as the dev set's baselines do.
    text, ms = timed(lambda: readability_text(raw))
    rl = _scored(text, truth, ms, score)
    tr = None
    if use_trafilatura and trafilatura is not None:
        text, ms = timed(lambda: trafilatura_text(raw))
        tr = _scored(text, truth, ms, score)
    return rl, tr


def run_readability_page(folder: Path, use_trafilatura: bool) -> PageResult:
    raw = (folder / "source.html").read_bytes()
    html = decode(raw)
    truth_html = (folder / "expected.html").read_text(encoding="utf-8")
    meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
    truth_text = html_to_text(truth_html)
    result, error, ms = run_reader(html, PAGE_URL)
    reader = _scored(result.text if result else "", truth_text, ms, None)
    rl, tr = _others(raw, html, truth_text, None, use_trafilatura)
    expected_images = photo_keys(image_srcs(truth_html))
    kept = photo_keys(result.image_urls) if result else set()
    title, byline, date = meta.get("title"), meta.get("byline"), meta.get("publishedTime")
    site = meta.get("siteName")
    return PageResult(
        name=folder.name,
        source="readability",
        reader=reader,
        readability=rl,
        trafilatura=tr,
        error=error,
        partial=bool(result and result.partial),
        title_ok=(result is not None and result.title == title) if title else None,
        title_ok_but_suffix=(
            result is not None
            and result.title
            in (title, without_site_suffix(title, [n for n in (site, result.site_name) if n]))
        )
        if title
        else None,
        title_ok_but_parts=(result is not None and headline_of(title, result.title))
        if title
        else None,
        byline_ok=(result is not None and norm_byline(result.byline) == norm_byline(byline))
        if byline
        else None,
        byline_spurious=bool(not byline and result and result.byline),
        byline_names_ok=(result is not None and names_only(result.byline) == names_only(byline))
        if byline
        else None,
        byline_spurious_marked=bool(
            not byline and result and result.byline and named_in_markup(raw, result.byline)
        ),
        date_ok=(result is not None and same_day(result.published, date)) if date else None,
        images_expected=len(expected_images),
        images_kept=len(expected_images & kept),
        got={
            "title": result.title if result else None,
            "byline": result.byline if result else None,
            "published": result.published if result else None,
            "want_title": title,
            "want_byline": byline,
            "want_date": date,
        },
    )


def run_dev2_page(folder: Path, score: ModuleType, use_trafilatura: bool) -> PageResult:
    raw = (folder / "source.html").read_bytes()
    html = decode(raw)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    truth = score.read_text(folder / "expected.txt")
    url = meta.get("url") or f"http://fakehost/{folder.name}.html"
    result, error, ms = run_reader(html, url)
    reader = _scored(result.text if result else "", truth, ms, score)
    no_captions = None
    if meta["source_dataset"] in NO_CAPTIONS:
        text = text_without_captions(result.html) if result else ""
        no_captions = _scored(text, truth, ms, score)
    rl, tr = _others(raw, html, truth, score, use_trafilatura)
    return PageResult(
        name=folder.name,
        source=meta["source_dataset"],
        reader=reader,
        readability=rl,
        trafilatura=tr,
        reader_no_captions=no_captions,
        error=error,
        partial=bool(result and result.partial),
        date_in_markup=bool(_DATE_MARKUP.search(raw)),
        author_in_markup=bool(_AUTHOR_MARKUP.search(raw)),
        got={
            "byline": result.byline if result else None,
            "published": result.published if result else None,
        },
    )


def mean(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / max(whole, 1):.1f}%)"


def text_figures(scored: list[Scored]) -> dict[str, Any]:
    p, r = mean([s.precision for s in scored]), mean([s.recall for s in scored])
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1(p, r), 4),
        "empty": sum(s.empty for s in scored),
    }


def summarise(results: list[PageResult]) -> dict[str, Any]:
    reader_ms = [r.reader.ms for r in results]
    rl_ms = [r.readability.ms for r in results]
    out: dict[str, Any] = {
        "pages": len(results),
        "reader": text_figures([r.reader for r in results]),
        "readability": text_figures([r.readability for r in results]),
    }
    if all(r.trafilatura for r in results):
        out["trafilatura"] = text_figures([r.trafilatura for r in results if r.trafilatura])
        out["trafilatura_median_ms"] = round(
            statistics.median(r.trafilatura.ms for r in results if r.trafilatura), 1
        )
    if all(r.reader_no_captions for r in results):
        out["reader_no_captions"] = text_figures(
            [r.reader_no_captions for r in results if r.reader_no_captions]
        )
    out["failed_pages"] = sum(r.error is not None for r in results)
    out["partial_pages"] = sum(r.partial for r in results)
    if any(r.title_ok is not None for r in results):
        titled = [r for r in results if r.title_ok is not None]
        bylined = [r for r in results if r.byline_ok is not None]
        unbylined = [r for r in results if r.byline_ok is None]
        dated = [r for r in results if r.date_ok is not None]
        out["title_exact"] = pct(sum(bool(r.title_ok) for r in titled), len(titled))
        out["title_exact_but_site_suffix"] = pct(
            sum(bool(r.title_ok_but_suffix) for r in titled), len(titled)
        )
        out["title_exact_but_names_around"] = pct(
            sum(bool(r.title_ok_but_parts) for r in titled), len(titled)
        )
        out["byline_match"] = pct(sum(bool(r.byline_ok) for r in bylined), len(bylined))
        out["byline_spurious"] = pct(sum(r.byline_spurious for r in unbylined), len(unbylined))
        out["byline_names_match"] = pct(sum(bool(r.byline_names_ok) for r in bylined), len(bylined))
        out["byline_spurious_not_in_author_markup"] = pct(
            sum(r.byline_spurious and not r.byline_spurious_marked for r in unbylined),
            len(unbylined),
        )
        out["date_match"] = pct(sum(bool(r.date_ok) for r in dated), len(dated))
        out["images_kept"] = pct(
            sum(r.images_kept for r in results), sum(r.images_expected for r in results)
        )
    else:
        dated = [r for r in results if r.date_in_markup]
        authored = [r for r in results if r.author_in_markup]
        out["no_date_though_in_markup"] = pct(
            sum(not r.got.get("published") for r in dated), len(dated)
        )
        out["no_byline_though_in_markup"] = pct(
            sum(not r.got.get("byline") for r in authored), len(authored)
        )
    out["median_ms"] = round(statistics.median(reader_ms), 1)
    out["p95_ms"] = round(p95(reader_ms), 1)
    out["readability_median_ms"] = round(statistics.median(rl_ms), 1)
    out["median_ratio"] = round(statistics.median(reader_ms) / statistics.median(rl_ms), 2)
    out["p95_ratio"] = round(p95(reader_ms) / p95(rl_ms), 2)
    return out


def load_score() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev2_score", DEV2 / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def print_pages(results: list[PageResult]) -> None:
    def mark(ok: bool | None) -> str:
        return "-" if ok is None else ("ok" if ok else "NO")

    print(f"{'page':40} {'prec':>6} {'rec':>6} {'rl f1':>6} {'title':>5} {'byline':>6} "
          f"{'date':>5} {'img':>7} {'ms':>7} {'rl ms':>7}")  # fmt: skip
    for r in results:
        rl = f1(r.readability.precision or 0.0, r.readability.recall or 0.0)
        print(
            f"{(r.name + ' ' + r.source[:8])[:40]:40} {fmt(r.reader.precision):>6} "
            f"{fmt(r.reader.recall):>6} {rl:6.3f} {mark(r.title_ok):>5} "
            f"{mark(r.byline_ok) if not r.byline_spurious else 'XTRA':>6} {mark(r.date_ok):>5} "
            f"{r.images_kept:>3}/{r.images_expected:<3} {r.reader.ms:7.1f} {r.readability.ms:7.1f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", choices=("readability", "dev2", "all"), default="all")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--only", nargs="*", help="page folder names to run")
    parser.add_argument("--per-page", action="store_true", help="list every page too")
    parser.add_argument("--no-trafilatura", action="store_true", help="skip trafilatura")
    args = parser.parse_args(argv)
    use_trafilatura = not args.no_trafilatura and trafilatura is not None
    report: dict[str, Any] = {"trafilatura_installed": trafilatura is not None}
    per_page: dict[str, list[PageResult]] = {}
    if args.set in ("readability", "all"):
        folders = sorted(d for d in READABILITY_PAGES.iterdir() if (d / "source.html").is_file())
        folders = [d for d in folders if not args.only or d.name in args.only]
        results = [run_readability_page(d, use_trafilatura) for d in folders]
        per_page["readability-test-pages"] = results
        if results:
            report["readability-test-pages"] = summarise(results)
    if args.set in ("dev2", "all"):
        score = load_score()
        folders = sorted(d for d in DEV2.iterdir() if (d / "source.html").is_file())
        folders = [d for d in folders if not args.only or d.name in args.only]
        results = [run_dev2_page(d, score, use_trafilatura) for d in folders]
        per_page["extraction-dev-2"] = results
        if results:
            sets: dict[str, Any] = {"ALL": summarise(results)}
            for source in sorted({r.source for r in results}):
                sets[source] = summarise([r for r in results if r.source == source])
            report["extraction-dev-2"] = sets
    if args.json:
        if args.per_page:
            report["pages"] = {k: [asdict(r) for r in v] for k, v in per_page.items()}
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    for name, results in per_page.items():
        if args.per_page:
            print_pages(results)
        print(f"\n== {name}")
        print(json.dumps(report.get(name), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
