"""The headline said again, page-turn lines and a site's footer left in the story,
judged on the (small) extracted story's lines.

- A short line above the story's first paragraph that is the page's headline (the
  title, or its part on one side of a separator: "Headline - Section - Site"), in
  whatever element a page sets it (``<p><b>``, a ``<div>``, a table cell), or a
  breadcrumb or a dateline ending or starting with it: the title is shown apart.
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

#: Separators between a title's parts ("Headline - Section - Site", "标题_频道_网站").
_TITLE_PARTS = re.compile(r"\s+[|\-–—·•»:]+\s+|\s*[|_]\s*|-{2,}|\s+::\s+")
_WORD = re.compile(r"\w+")
#: Lines of the story looked at for its headline, and the longest such a line can be.
_HEAD = 6
_HEADLINE_MAX = 150
#: A headline's words (letters and digits only) are at least this long to be matched.
_HEADLINE_MIN = 6
#: Characters a breadcrumb ("Home » Section » Headline") or a date may add to a
#: headline at least this long.
_AROUND = 40
_EDGE_MIN = 12
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


def _norm(text: str) -> str:
    return "".join(_WORD.findall(text)).casefold()


def _is_headline(text: str, parts: list[str]) -> bool:
    line = _norm(text)
    if len(text) > _HEADLINE_MAX or len(line) < _HEADLINE_MIN:
        return False
    for part in parts:
        if line == part:
            return True
        if (
            len(part) >= _EDGE_MIN
            and (line.startswith(part) or line.endswith(part))
            and len(line) - len(part) <= _AROUND
        ):
            return True  # "Home » News » Headline", "Headline 2005-09-11 18:04"
    return False


def _title_parts(title: str) -> list[str]:
    parts = {_norm(title), *(_norm(part) for part in _TITLE_PARTS.split(title))}
    return sorted((p for p in parts if len(p) >= _HEADLINE_MIN), key=len, reverse=True)


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


def remove_headline_line(lines: Lines, title: str) -> Lines:
    """Drop the first line above the story's first paragraph that says the headline
    again; returns the lines left."""
    parts = _title_parts(title) if title else []
    if not parts:
        return lines
    for i, (el, text) in enumerate(lines[:_HEAD]):
        if len(text) > _HEADLINE_MAX:
            break  # the first paragraph of prose
        if _is_headline(text, parts):
            if len(text) > 0.5 * sum(len(t) for _, t in lines):
                break
            el.drop_tree()
            return lines[:i] + lines[i + 1 :]
    return lines


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
