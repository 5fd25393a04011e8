"""Benchmark: highlights at scale (issue 13), each figure beside a baseline of the same run.

Usage: ``python bench/highlights.py [--articles 20000] [--highlights 10000] [--repeat 30]``

The library is built by bench/make_library.py (``--articles``, in a temporary folder);
then ``--highlights`` highlights are spread over its saved articles (a real quote of each
text, placed, one in four with a note, one note in a hundred holding a word no text has),
and two copies of the long read are added, one of them with 200 highlights.

- *Highlights list*: ``Library.highlight_page`` (200 rows with their articles), the first
  page, a page 25 deep, by colour and by tag, and what the Highlights view asks for a
  page (the first page and ``Library.highlight_count``); baseline: ``Library.page`` of
  200 articles.  Target: a page < 20 ms.
- *Open*: ``Library.get`` of the long read with 200 highlights; baseline: its copy
  without. Target: < 10 ms slower.
- *Search*: a word found only in highlight notes; baseline: a word of the article texts
  with about as many matches.
- *Re-anchor*: ``reader.highlights.reanchor`` of the 200 highlights in the same text
  (every save), after a paragraph was added at the top (every one moves) and after a
  word changed in half the quotes (fuzzy).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

import common
import make_library
from bulk_store import ImportItem, import_articles

from reader.highlights import context, reanchor
from reader.library import Library
from reader.models import HIGHLIGHT_COLORS, ArticleFilter, NewArticle, NewHighlight
from reader.urls import url_key

NOTE_WORD = "zyxquillion"  # in no generated text: found through the notes only


def _quote_at(text: str, rnd: random.Random, words: int) -> NewHighlight:
    spaces = [i for i, c in enumerate(text[:20_000]) if c == " "]
    i = rnd.randrange(0, max(1, len(spaces) - words - 1))
    start = spaces[i] + 1 if spaces else 0
    end = spaces[min(len(spaces) - 1, i + words)] if spaces else len(text)
    prefix, suffix = context(text, start, end)
    return NewHighlight(
        quote=text[start:end],
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        color=rnd.choice(HIGHLIGHT_COLORS),
        anchored=True,
    )


def _populate(library: Library, total: int, rnd: random.Random) -> int:
    """Spread ``total`` highlights over the saved articles; returns how many notes hold
    ``NOTE_WORD``."""
    ids: list[int] = []
    cursor = None
    while True:
        page = library.page(cursor=cursor, limit=1000)
        ids.extend(s.id for s in page.items if s.status.value == "saved")
        if page.cursor is None:
            break
        cursor = page.cursor
    rare = 0
    per_article: dict[int, list[NewHighlight]] = {}
    for n in range(total):
        per_article.setdefault(ids[n % len(ids)], [])
    texts = {i: library.get(i).text for i in per_article}
    for n in range(total):
        article_id = ids[n % len(ids)]
        h = _quote_at(texts[article_id], rnd, rnd.randint(3, 25))
        if n % 4 == 0:
            word = ""
            if n % 100 == 0:
                word, rare = f" {NOTE_WORD}", rare + 1
            h = dataclasses.replace(h, note=f"remember this for the essay{word}")
        stamp = f"2025-{1 + n * 12 // total:02d}-01T00:00:{n % 60:02d}.{n:06d}Z"
        per_article[article_id].append(dataclasses.replace(h, created_at=stamp))
    for article_id, items in per_article.items():
        library.add_highlights(article_id, items)
    return rare


def _twins(library: Library) -> tuple[int, int]:
    """Two copies of the long read (same text); the first gets 200 highlights."""
    long_id = library.page(ArticleFilter(tag="longread"), limit=1).items[0].id
    record = library.article_record(long_id)
    a = record.article
    out = []
    for suffix in ("with", "without"):
        url = f"{a.url}?copy={suffix}"
        new = NewArticle(
            url=url, canonical_url=url, url_key=url_key(url), title=a.title, excerpt=a.excerpt,
            byline=a.byline, site_name=a.site_name, published=a.published, lang=a.lang,
            lead_image=a.lead_image, html=a.html, text=a.text, word_count=a.word_count,
            reading_minutes=a.reading_minutes,
        )  # fmt: skip
        item = ImportItem(url, url_key(url), a.saved_at, new)
        out.append(import_articles(library.storage, [item])[0])
    rnd = random.Random(13)
    # Older than the others: the list's pages show the spread highlights, not these.
    spread = [
        dataclasses.replace(
            _quote_at(a.text, rnd, rnd.randint(3, 25)), created_at=f"2024-01-01T00:00:{n:06d}Z"
        )
        for n in range(200)
    ]
    library.add_highlights(out[0], spread)
    return out[0], out[1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=20_000)
    p.add_argument("--highlights", type=int, default=10_000)
    p.add_argument("--repeat", type=int, default=30)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    figures: list[common.Figure] = []
    rnd = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "library"
        make_library.build(args.articles, folder)
        with Library.open(folder) as library:
            rare = _populate(library, args.highlights, rnd)
            with_id, without_id = _twins(library)
            r = args.repeat

            article_page = common.timed(lambda: library.page(limit=200), r)
            first = common.timed(lambda: library.highlight_page(limit=200), r)
            cursor = None
            for _ in range(25):
                cursor = library.highlight_page(cursor=cursor, limit=200).cursor or cursor
            deep = common.timed(lambda: library.highlight_page(cursor=cursor, limit=200), r)
            blue = common.timed(lambda: library.highlight_page(color="blue", limit=200), r)
            top_tag = max(library.tags(), key=lambda t: t.count).name
            tagged = common.timed(lambda: library.highlight_page(tag=top_tag, limit=200), r)

            # What the Highlights view asks for each page: the page and the exact count.
            def view_page() -> None:
                library.highlight_page(limit=200)
                library.highlight_count()

            with_count = common.timed(view_page, r)
            tag_count = common.timed(lambda: library.highlight_count(tag=top_tag), r)
            base = "articles page (200)"
            for name, samples in (
                ("highlights, first page (200)", first),
                ("highlights view: first page and count", with_count),
                (f"highlights count, tag {top_tag}", tag_count),
                ("highlights, page 26 (200)", deep),
                ("highlights, colour blue", blue),
                (f"highlights, tag {top_tag}", tagged),
            ):
                figures.append(
                    common.make_figure(
                        "list", name, samples, article_page, base, target="< 20 ms",
                        met=statistics.median(samples) < 20,
                    )
                )  # fmt: skip

            plain = common.timed(lambda: library.get(without_id), r)
            marked = common.timed(lambda: library.get(with_id), r)
            slower = statistics.median(marked) - statistics.median(plain)
            figures.append(
                common.make_figure(
                    "open", "long read with 200 highlights", marked, plain, "same, none",
                    target="< 10 ms slower", met=slower < 10,
                    note=f"{slower:.2f} ms slower (median)",
                )
            )  # fmt: skip

            hits = library.search(NOTE_WORD, limit=1000)
            by_note = common.timed(lambda: library.search(NOTE_WORD), r)
            word = _word_with_matches(library, len(hits), library.get(with_id).text)
            by_text = common.timed(lambda: library.search(word), r)
            figures.append(
                common.make_figure(
                    "search", f"a word only in notes ({len(hits)} articles)", by_note, by_text,
                    f"a text word ({word!r})", met=len(hits) == rare,
                    note=f"{rare} notes hold the word; {len(hits)} articles found",
                )
            )  # fmt: skip

            article = library.get(with_id)
            same = common.timed(lambda: reanchor(article.text, article.highlights), r)
            figures.append(
                common.make_figure("re-anchor", "200 highlights, text unchanged", same, None, "")
            )
            moved_text = "A new first paragraph, added by the site.\n\n" + article.text
            shifted = common.timed(lambda: reanchor(moved_text, article.highlights), 5)
            changed_text = article.text
            for h in article.highlights[::2]:
                words = h.quote.split(" ")
                if len(words) > 4:
                    words[len(words) // 2] = "changed"
                    changed_text = changed_text.replace(h.quote, " ".join(words), 1)
            fuzzy = common.timed(lambda: reanchor(changed_text, article.highlights), 3)
            moved = reanchor(changed_text, article.highlights)
            lost = sum(1 for h in moved if not h.anchored)
            figures.append(
                common.make_figure(
                    "re-anchor", "200 highlights, paragraph added", shifted, None, ""
                )
            )
            figures.append(
                common.make_figure(
                    "re-anchor", "200 highlights, a word changed in half", fuzzy, shifted,
                    "paragraph added", note=f"{lost} of 200 not found",
                )
            )  # fmt: skip
    if args.json:
        print(json.dumps([f.as_dict() for f in figures], indent=1))
    else:
        print(common.table(figures))
    return 0


def _word_with_matches(library: Library, wanted: int, text: str) -> str:
    """A word of the generated texts matching about as many articles as ``wanted``."""
    words = sorted({w for w in text.split() if w.isalpha() and len(w) > 6})[:60]
    counts = {w: len(library.search(w, limit=1000)) for w in words}
    return min(counts, key=lambda w: (abs(counts[w] - wanted), w))


if __name__ == "__main__":
    sys.exit(main())
