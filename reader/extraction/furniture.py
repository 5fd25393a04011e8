"""Page-turn lines and a site's footer left in the story, judged on the (small)
extracted story.

- A line made only of page-turn words and page numbers ("上一页 | 下一页", "« Previous |
  Next »", "Page 1 of 2", "页: [1]") says nothing of the story, wherever it is.
- A site's footer left in the story: the lines of the block that holds a copyright
  notice near the story's end, from that notice down, when none of them is prose
  (licence numbers, a report hotline, "All rights reserved").

Functions change the tree they are given in place.
"""

from __future__ import annotations

import re

import lxml.html

from reader.extraction.edges import Lines, is_copyright

#: Page-turn words, in a few languages, and page numbers.
_TURN = re.compile(
    r"上一?[页頁篇章]|下一?[页頁篇章]|首页|尾页|末页|返回目录|返目录|返回|目录|"
    r"第\s*\d+\s*[页頁]|共\s*\d+\s*[页頁]|[页頁]|"
    r"\b(?:previous|prev|next|older|newer|page|pages|of|vorherige|nächste|zurück|weiter|"
    r"seite|précédente?|suivante?|anterior|siguiente|página|prethodna|sljedeća|stranica)\b",
    re.I,
)
_TURN_MAX = 60
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


def _is_page_turn(text: str) -> bool:
    """A short line of page-turn words and numbers only, with at least one such word."""
    if len(text) > _TURN_MAX:
        return False
    turns = [m.group().casefold() for m in _TURN.finditer(text)]
    if not any(turn != "of" for turn in turns):
        return False
    if len(turns) < 2 and not _DIGIT.search(text):
        return False  # "Next" alone may be a slideshow's button, or a word of the story
    return not _LETTER.search(_TURN.sub("", text))


def remove_page_turns(lines: Lines) -> Lines:
    """Drop page-turn lines anywhere in the story (its ``lines``); never most of it.
    Returns the lines left."""
    drop = [i for i, (_, text) in enumerate(lines) if _is_page_turn(text)]
    if not drop or sum(len(lines[i][1]) for i in drop) > 0.5 * sum(len(t) for _, t in lines):
        return lines
    for i in drop:
        lines[i][0].drop_tree()
    gone = set(drop)
    return [line for i, line in enumerate(lines) if i not in gone]


#: A footer's notice is among the story's last this many lines; prose ends a footer.
_FOOTER_LINES = 8
_FOOTER_PROSE = 60
_PROSE_END = (".", "!", "?", '"', "”", "»", "。", "！", "？", "…")


def _prose(text: str) -> bool:
    return len(text) > _FOOTER_PROSE and text.endswith(_PROSE_END)


def remove_footer_block(article: lxml.html.HtmlElement, lines: Lines) -> Lines:
    """Drop the lines under the story's last copyright notice (and the notice) when they
    all sit in the notice's own block and none is prose; never most of the story.
    ``lines`` are the story's lines; returns those left."""
    tail = lines[-_FOOTER_LINES:]
    notices = [i for i, (_, text) in enumerate(tail) if is_copyright(text) and not _prose(text)]
    if not notices:
        return lines
    start = notices[0]
    block = tail[start][0].getparent()
    if block is None or block is article:
        return lines
    footer = tail[start:]
    inside = set(block.iter())
    for el, text in footer:
        if el not in inside or _prose(text):
            return lines
    if sum(len(t) for _, t in footer) > 0.5 * sum(len(t) for _, t in lines):
        return lines
    for el, _ in footer:
        el.drop_tree()
    return lines[: len(lines) - len(footer)]
