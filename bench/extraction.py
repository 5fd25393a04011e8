"""Extraction benchmark: Reader's extraction against reference pages, next to readability-lxml.

Usage: ``python bench/extraction.py [--pages DIR] [--json] [--only NAME ...] [--per-page]``

DIR holds one folder per page with ``source.html``, ``expected.html`` and
``expected-metadata.json`` (the layout of Mozilla's readability test pages).  Every page is
parsed with the URL ``http://fakehost/test/page.html``.  Text is scored on word 4-gram
shingles (see ``shingles``); metadata by exact title, byline (case-insensitive, a leading
"By" ignored) and same-day date; speed as median and p95 milliseconds per page, for Reader
and for ``readability.Document(html).summary()`` alone, timed in the same run.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import readability

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reader.errors import NoContentError  # noqa: E402
from reader.extraction import extract  # noqa: E402
from reader.extraction.text import html_to_text  # noqa: E402

PAGE_URL = "http://fakehost/test/page.html"
DEFAULT_PAGES = REPO.parent / "shared" / "datasets" / "readability-test-pages"
_WORD = re.compile(r"\w+")
_BY = re.compile(r"^\s*by\b[\s:]*", re.I)


def decode(data: bytes) -> str:
    try:
        from reader.fetcher import decode_html

        return decode_html(data)
    except ImportError:  # the fetcher is not there (or mid-change): plain UTF-8
        return data.decode("utf-8", errors="replace")


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


def same_day(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a.strip()[:10] == b.strip()[:10]  # type: ignore[union-attr]


def image_srcs(html: str) -> list[str]:
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [urljoin(PAGE_URL, img.get("src") or "") for img in root.iter("img") if img.get("src")]


@dataclass
class PageResult:
    name: str
    precision: float | None
    recall: float | None
    empty: bool
    error: str | None
    title_ok: bool | None
    byline_ok: bool | None  # None when the truth has no byline
    byline_spurious: bool  # a byline where the truth has none
    date_ok: bool | None
    images_expected: int
    images_kept: int
    ms: float
    readability_ms: float
    readability_precision: float | None
    readability_recall: float | None
    got: dict[str, str | None] = field(default_factory=dict)


def run_page(folder: Path) -> PageResult:
    html = decode((folder / "source.html").read_bytes())
    truth_html = (folder / "expected.html").read_text(encoding="utf-8")
    meta = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
    truth_text = html_to_text(truth_html)

    start = time.perf_counter()
    try:
        result = extract(html, PAGE_URL)
        error = None
    except NoContentError as exc:
        result, error = None, str(exc)
    ms = (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    try:
        summary = readability.Document(html).summary()
    except readability.readability.Unparseable:
        summary = ""
    readability_ms = (time.perf_counter() - start) * 1000
    rp, rr = overlap(html_to_text(summary), truth_text)

    text = result.text if result else ""
    precision, recall = overlap(text, truth_text)
    if recall is None and truth_text.strip():
        recall = 0.0
    expected_images = set(image_srcs(truth_html))
    kept = set(result.image_urls) if result else set()
    title = meta.get("title")
    byline = meta.get("byline")
    date = meta.get("publishedTime")
    return PageResult(
        name=folder.name,
        precision=precision,
        recall=recall,
        empty=not text.strip(),
        error=error,
        title_ok=(result is not None and result.title == title) if title else None,
        byline_ok=(result is not None and norm_byline(result.byline) == norm_byline(byline))
        if byline
        else None,
        byline_spurious=bool(not byline and result and result.byline),
        date_ok=(result is not None and same_day(result.published, date)) if date else None,
        images_expected=len(expected_images),
        images_kept=len(expected_images & kept),
        ms=ms,
        readability_ms=readability_ms,
        readability_precision=rp,
        readability_recall=rr if rr is not None or not truth_text.strip() else 0.0,
        got={
            "title": result.title if result else None,
            "byline": result.byline if result else None,
            "published": result.published if result else None,
            "want_title": title,
            "want_byline": byline,
            "want_date": date,
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


def summarise(results: list[PageResult]) -> dict[str, object]:
    p = mean([r.precision for r in results])
    rec = mean([r.recall for r in results])
    rp = mean([r.readability_precision for r in results])
    rr = mean([r.readability_recall for r in results])
    titled = [r for r in results if r.title_ok is not None]
    bylined = [r for r in results if r.byline_ok is not None]
    unbylined = [r for r in results if r.byline_ok is None]
    dated = [r for r in results if r.date_ok is not None]
    ms = [r.ms for r in results]
    rms = [r.readability_ms for r in results]
    return {
        "pages": len(results),
        "text_precision": round(p, 4),
        "text_recall": round(rec, 4),
        "text_f1": round(f1(p, rec), 4),
        "empty_pages": sum(r.empty for r in results),
        "failed_pages": sum(r.error is not None for r in results),
        "title_exact": f"{sum(bool(r.title_ok) for r in titled)}/{len(titled)}",
        "title_exact_pct": round(
            100 * sum(bool(r.title_ok) for r in titled) / max(len(titled), 1), 1
        ),
        "byline_match": f"{sum(bool(r.byline_ok) for r in bylined)}/{len(bylined)}",
        "byline_match_pct": round(
            100 * sum(bool(r.byline_ok) for r in bylined) / max(len(bylined), 1), 1
        ),
        "byline_spurious": f"{sum(r.byline_spurious for r in unbylined)}/{len(unbylined)}",
        "byline_spurious_pct": round(
            100 * sum(r.byline_spurious for r in unbylined) / max(len(unbylined), 1), 1
        ),
        "date_match": f"{sum(bool(r.date_ok) for r in dated)}/{len(dated)}",
        "date_match_pct": round(100 * sum(bool(r.date_ok) for r in dated) / max(len(dated), 1), 1),
        "images_kept": f"{sum(r.images_kept for r in results)}/"
        f"{sum(r.images_expected for r in results)}",
        "median_ms": round(statistics.median(ms), 1),
        "p95_ms": round(p95(ms), 1),
        "readability_text_f1": round(f1(rp, rr), 4),
        "readability_median_ms": round(statistics.median(rms), 1),
        "readability_p95_ms": round(p95(rms), 1),
        "median_ratio": round(statistics.median(ms) / statistics.median(rms), 2),
        "p95_ratio": round(p95(ms) / p95(rms), 2),
    }


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--only", nargs="*", help="page folder names to run")
    parser.add_argument("--per-page", action="store_true", help="with --json, list pages too")
    args = parser.parse_args(argv)

    folders = sorted(d for d in args.pages.iterdir() if (d / "source.html").is_file())
    if args.only:
        folders = [d for d in folders if d.name in set(args.only)]
    if not folders:
        print(f"no pages under {args.pages}", file=sys.stderr)
        return 2
    results = [run_page(d) for d in folders]
    summary = summarise(results)
    if args.json:
        out: dict[str, object] = {"summary": summary}
        if args.per_page:
            out["pages"] = [asdict(r) for r in results]
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{'page':40} {'prec':>6} {'rec':>6} {'title':>5} {'byline':>6} {'date':>5} "
        f"{'img':>7} {'ms':>7} {'rl ms':>7}"
    )
    for r in results:

        def mark(ok: bool | None) -> str:
            return "-" if ok is None else ("ok" if ok else "NO")

        print(
            f"{r.name[:40]:40} {fmt(r.precision):>6} {fmt(r.recall):>6} "
            f"{mark(r.title_ok):>5} {mark(r.byline_ok) if not r.byline_spurious else 'XTRA':>6} "
            f"{mark(r.date_ok):>5} {r.images_kept:>3}/{r.images_expected:<3} "
            f"{r.ms:7.1f} {r.readability_ms:7.1f}"
        )
    print()
    for key, value in summary.items():
        print(f"{key:24} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
