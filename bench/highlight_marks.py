"""What drawing 200 highlights costs the reading pane's GUI thread on every render.

``QT_QPA_PLATFORM=offscreen python bench/highlight_marks.py [--highlights 200] [--repeat 15]``

A 10,000-word article (60 paragraphs with links and emphasis) is rendered in a real
``ReadingBrowser`` (``setHtml`` and the layout: the baseline, measured in the same run);
then its highlights are placed in the document's text and drawn
(``highlight_marks.place`` + ``selections`` + ``setExtraSelections``), as the pane does
after every render.  Prints both medians, the extra milliseconds and the ratio.
Target (issue 13): opening an article with 200 highlights < 10 ms slower.
"""

from __future__ import annotations

import argparse
import random
import statistics

import common
from PySide6.QtWidgets import QApplication

from reader.highlights import context, locate
from reader.models import HIGHLIGHT_COLORS, Highlight
from reader.ui.highlight_marks import place, selections
from reader.ui.reading_browser import ReadingBrowser
from reader.ui.themes import LIGHT


def article_html(paragraphs: int = 60, words: int = 170) -> str:
    rng = random.Random(7)
    vocabulary = [f"w{n}" for n in range(3000)]
    parts = ["<h1>A long read</h1>"]
    for p in range(paragraphs):
        text = " ".join(rng.choice(vocabulary) for _ in range(words))
        parts.append(
            f"<p>Part {p}: <em>{text[:40]}</em> {text} <a href='https://x/'>a link</a>.</p>"
        )
    return "<html><body>" + "".join(parts) + "</body></html>"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--highlights", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    browser = ReadingBrowser()
    browser.resize(900, 800)
    html = article_html()

    def render() -> None:
        browser.setHtml(html)
        browser.document().size()

    render()
    # Article.text as the library keeps it: no header, paragraphs apart by a blank line
    # (the document's text runs alongside it, offsets a little apart).
    text = browser.document().toPlainText().split("\n", 1)[1].replace("\n", "\n\n")
    rng = random.Random(3)
    highlights = []
    for n in range(args.highlights):
        start = rng.randrange(0, len(text) - 200)
        start = text.index(" ", start) + 1
        end = text.index(" ", start + rng.randrange(15, 120))
        prefix, suffix = context(text, start, end)
        highlights.append(
            Highlight(n, 1, text[start:end], prefix, suffix, start, end,
                      HIGHLIGHT_COLORS[n % 5], None, "2026-12-01", True)
        )  # fmt: skip
    marks_of = tuple(sorted(highlights, key=lambda h: h.start or 0))  # reading order

    def draw() -> None:
        marks = place(browser.document(), marks_of)
        browser.setExtraSelections(selections(browser.document(), marks, LIGHT))

    def draw_by_quote() -> None:  # every quote looked for in the whole text (before)
        for h in marks_of:
            locate(text_of_document, h.quote, h.prefix, h.suffix)

    text_of_document = browser.document().toPlainText()
    draw()
    marks = place(browser.document(), marks_of)

    def same(a: str, b: str) -> bool:  # (a quote across paragraphs: "\n\n" there, "\n" here)
        return a.split() == b.split()

    assert all(same(text_of_document[m.start : m.end], m.highlight.quote) for m in marks)
    placed = len(marks)
    base = statistics.median(common.timed(render, args.repeat))
    ours = statistics.median(common.timed(draw, args.repeat))
    whole = statistics.median(common.timed(draw_by_quote, args.repeat))
    words = len(text.split())
    print(f"article: {words} words, {len(text)} characters; {placed}/{len(highlights)} placed")
    print(f"render (setHtml + layout, baseline): {base:.1f} ms median")
    print(f"draw {len(highlights)} highlights after it: {ours:.1f} ms median")
    print(f"each quote looked for in the whole text instead: {whole:.1f} ms median")
    print(f"ratio: {ours / base:.2f} of a render; target < 10 ms extra: {ours < 10}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
