"""Anchoring highlights in an article's text: W3C TextPosition + TextQuote selectors.

A highlight is stored as its place in ``Article.text`` (``start``/``end``) and as its
quote with about ``CONTEXT`` characters before and after it.  When the text changes (a
refresh, better extraction), ``reanchor`` places it again, trying in turn:

1. the old position, if the quote and the text around it are still there;
2. the exact quote (whitespace may differ), the occurrence whose context matches best;
3. a fuzzy match of the quote (rapidfuzz) scoring at least ``FUZZY_THRESHOLD``.

A quote that none of these places is kept with ``anchored=False`` ("not found in the
current text"), never dropped.  An anchored highlight always covers exactly its quote:
``text[start:end] == quote`` (a fuzzy match takes the words now there).

Pure functions, no I/O: safe from any thread.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from reader.errors import UsageError
from reader.models import HIGHLIGHT_COLORS, Article, Highlight, NewHighlight

#: Characters of context kept before and after a quote (the TextQuote prefix/suffix).
CONTEXT = 32
#: The least rapidfuzz score (0-100) at which a changed quote counts as found.
FUZZY_THRESHOLD = 85.0
#: Quotes shorter than this are placed exactly or not at all (fuzzy is noise on a word).
FUZZY_MIN_LENGTH = 12
#: Characters either side of the old position searched first for a changed quote.
NEAR = 3000

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a quote sits in a text; ``how`` is "position", "quote" or "fuzzy"."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    how: str
    score: float = 100.0


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The TextQuote prefix and suffix of ``text[start:end]``."""
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]


def _anchor(text: str, start: int, end: int, how: str, score: float = 100.0) -> Anchor:
    prefix, suffix = context(text, start, end)
    return Anchor(start, end, text[start:end], prefix, suffix, how, score)


def _similarity(a: str, b: str) -> float:
    return fuzz.ratio(a, b) if a or b else 100.0


def _best_occurrence(
    text: str,
    spans: Sequence[tuple[int, int]],
    prefix: str,
    suffix: str,
    hint: int | None,
) -> tuple[int, int]:
    """The span whose surroundings look most like ``prefix``/``suffix``; nearest the old
    position (``hint``) among equals, else the first."""

    def score(span: tuple[int, int]) -> tuple[float, int]:
        start, end = span
        before = text[max(0, start - len(prefix)) : start] if prefix else ""
        after = text[end : end + len(suffix)] if suffix else ""
        distance = abs(start - hint) if hint is not None else start
        return (-(_similarity(before, prefix) + _similarity(after, suffix)), distance)

    return min(spans, key=score)


def find_exact(
    text: str, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> Anchor | None:
    """The exact quote (runs of whitespace may differ), best-matching context first."""
    wanted = _SPACE.sub(" ", quote).strip()
    if not wanted:
        return None
    spans: list[tuple[int, int]] = []
    i = text.find(quote)
    while i != -1:
        spans.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    if not spans:
        # The same words with any whitespace between them (a quote copied across lines).
        pattern = r"\s+".join(re.escape(w) for w in wanted.split(" "))
        spans = [m.span() for m in re.finditer(pattern, text)]
    if not spans:
        return None
    start, end = _best_occurrence(text, spans, prefix, suffix, hint)
    return _anchor(text, start, end, "quote")


def find_fuzzy(
    text: str, quote: str, threshold: float = FUZZY_THRESHOLD, hint: int | None = None
) -> Anchor | None:
    """The stretch of ``text`` most like ``quote`` (scoring at least ``threshold``),
    widened or narrowed to whole words.  Looked for near ``hint`` (the old position)
    first: the cost is linear in the length searched."""
    quote = _SPACE.sub(" ", quote).strip()
    if len(quote) < FUZZY_MIN_LENGTH or not text:
        return None
    found = None
    if hint is not None and len(text) > 2 * NEAR + len(quote):
        lo = max(0, hint - NEAR)
        near = fuzz.partial_ratio_alignment(
            quote, text[lo : hint + len(quote) + NEAR], score_cutoff=threshold
        )
        if near is not None:
            found = (near.dest_start + lo, near.dest_end + lo)
    if found is None:
        anywhere = fuzz.partial_ratio_alignment(quote, text, score_cutoff=threshold)
        if anywhere is None:
            return None
        found = (anywhere.dest_start, anywhere.dest_end)
    # The alignment is a window as long as the quote; a changed word of another length
    # shifts its true ends by a few characters: try the word edges near each end.
    slack = max(4, len(quote) // 8)
    lo, hi = found
    starts = _word_edges(text, lo - slack, lo + slack, at_start=True) or [lo]
    ends = _word_edges(text, hi - slack, hi + slack, at_start=False) or [hi]
    best: tuple[float, int, int] | None = None
    for s in starts:
        for e in ends:
            if e <= s:
                continue
            score = fuzz.ratio(quote, _SPACE.sub(" ", text[s:e]))
            if best is None or score > best[0]:
                best = (score, s, e)
    if best is None or best[0] < threshold:
        return None
    return _anchor(text, best[1], best[2], "fuzzy", best[0])


def _word_edges(text: str, lo: int, hi: int, *, at_start: bool) -> list[int]:
    """Offsets in [lo, hi] where a word (or its punctuation) starts (``at_start``) or ends."""
    lo, hi = max(0, lo), min(len(text), hi)
    edges = []
    for i in range(lo, hi + 1):
        before = text[i - 1] if i > 0 else " "
        after = text[i] if i < len(text) else " "
        inner, outer = (after, before) if at_start else (before, after)
        if inner.isspace():
            continue
        if outer.isspace() or (inner.isalnum() != outer.isalnum()):
            edges.append(i)
    return edges


def check_color(color: str | None) -> None:
    """UsageError unless ``color`` is one of the highlight colours (or None: any)."""
    if color is not None and color not in HIGHLIGHT_COLORS:
        raise UsageError(f"no colour {color!r}; choose one of {', '.join(HIGHLIGHT_COLORS)}")


def locate_span(text: str, quote: str, prefix: str, suffix: str) -> tuple[int, int] | None:
    """``locate`` as (start, end) offsets, or None (what storage's import check takes)."""
    found = locate(text, quote, prefix, suffix)
    return None if found is None else (found.start, found.end)


def locate(
    text: str,
    quote: str,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    end: int | None = None,
) -> Anchor | None:
    """Place a quote in ``text`` (see the module docstring for the order); None: not found."""
    placed = start is not None and end is not None and 0 <= start < end <= len(text)
    if placed and text[start:end] == quote:
        assert start is not None and end is not None
        # Still the same words around it: the common case of an unchanged text.  Else
        # the quote may be another occurrence now (text added before it): the context
        # decides below, the old position winning among equals.
        if context(text, start, end) == (prefix, suffix) or not (prefix or suffix):
            return _anchor(text, start, end, "position")
    return find_exact(text, quote, prefix, suffix, start) or find_fuzzy(text, quote, hint=start)


def reanchor(text: str, highlights: Sequence[Highlight]) -> list[Highlight]:
    """The highlights placed in ``text`` anew: each either anchored (its quote, context
    and position as they are in ``text`` now) or kept unanchored with its old quote and
    context.  Only those that changed are returned."""
    changed: list[Highlight] = []
    for h in highlights:
        found = locate(text, h.quote, h.prefix, h.suffix, h.start, h.end)
        if found is None:
            moved = dataclasses.replace(h, start=None, end=None, anchored=False)
        else:
            moved = dataclasses.replace(
                h,
                quote=found.quote,
                prefix=found.prefix,
                suffix=found.suffix,
                start=found.start,
                end=found.end,
                anchored=True,
            )
        if moved != h:
            changed.append(moved)
    return changed


def new_highlight(
    article: Article,
    quote: str,
    note: str | None = None,
    color: str = "yellow",
    *,
    start: int | None = None,
    before: str = "",
    after: str = "",
) -> NewHighlight:
    """A highlight of ``quote`` placed in ``article.text`` (see ``Library.add_highlight``);
    UsageError naming the problem when the quote is not there."""
    if not quote.strip():
        raise UsageError("a highlight needs some text")
    text = article.text
    if start is not None:
        end = start + len(quote)
        if start < 0 or text[start:end] != quote:
            raise UsageError(f"article {article.id}'s text has no {_short(quote)} at {start}")
    else:
        if not text:
            raise UsageError(f"article {article.id} has no text yet ({article.status})")
        found = find_exact(text, quote, before[-CONTEXT:], after[:CONTEXT])
        if found is None:
            raise UsageError(f"article {article.id}'s text does not contain {_short(quote)}")
        start, end = found.start, found.end
    prefix, suffix = context(text, start, end)
    return NewHighlight(
        quote=text[start:end],
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
        color=color,
        note=(note or "").strip() or None,
        anchored=True,
    )


def _short(quote: str, limit: int = 60) -> str:
    """A quote as an error message shows it: quoted, cut at ``limit`` characters."""
    flat = " ".join(quote.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")
