"""Furniture at the story's edges, judged by shape on the (small) extracted story.

Two peels from the story's last line upwards and one from its first line down, each
stopped by the first line of prose:

- a run of teaser lines (a linked headline, perhaps with its date or source, in a short
  line) with the short headings between them ("Top headlines", "More from Sport");
- short furniture lines: copyright notices and share, print and comment lines, named
  by a short multilingual list that is only ever applied to short lines at the end;
- at the start, date, byline and share lines above the first paragraph ("Posted: Thu,
  10 Jan 2008 03:47 GMT", "By NAME, Staff writer"): Reader shows the date and byline
  apart from the text.  Headlines stay, dates and all.

Lines are the story's blocks with text and no block inside them.  The peels together
never take most of the story.  Functions change the tree they are given in place.
"""

from __future__ import annotations

import re

import lxml.html

#: Block elements: a line of the story is one with text and none of these inside.
_BLOCK_TAGS = frozenset(
    {"p", "li", "div", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "section",
     "article", "aside", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
     "header", "footer", "nav", "form", "pre"}
)  # fmt: skip
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
#: A teaser line: at most this long, with at most this much text outside its links.
_TEASER = 200
_TEASER_UNLINKED = 100
#: A short line between teasers (a list's heading, a source and a time): at most this long.
_BETWEEN = 60
_MIN_TEASERS = 3
_SENTENCE_END = (".", "!", "?", '"', "”", "»", "。", "！", "？", "…")
#: Notices and calls to act at the end, in a few languages (only for short lines).
_COPYRIGHT = re.compile(
    r"^\W*(?:©|\(c\)\s*\d{4}|copyright\b)|all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos reservados|sva prava pridržana|"
    r"版[权權]所有(?![者人])|"  # not the copyright holder (版权所有者) of a sentence
    r"版权声明|版權聲明|(?:禁止|不得|谢绝|请勿|請勿).{0,6}(?:转载|轉載)",
    re.I,
)
_FURNITURE = re.compile(
    r"\b(?:share|print(?:er)?|e-?mail|comments?|teilen|drucken|kommentar\w*|partager|imprimer|"
    r"commentaires?|compartir|imprimir|comentarios?|podijeli|ispis|komentar\w*)\b|"
    r"分享|打印|评论|評論|转发",
    re.I,
)
_FURNITURE_MAX = 60
#: A single tool word above the story is a toolbar in a line at most this long.
_TOOL = 20
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-zé]*\.?"
#: A date or a time of day, numeric or with an English month's name.
_DATE = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|"
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b,?(?:\s+\d{{4}})?|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH}\b,?(?:\s+\d{{4}})?|"
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?",
    re.I,
)
#: A byline's start, in a few languages: "By NAME", "Von NAME", "作者：".
_BYLINE = re.compile(
    r"^(?:(?i:by|von|par|por|door|di|od)\s+[A-ZÀ-ÞČĆŠŽĐ]|(?:作者|记者|文)\s*[:：/／])"
)
_NAME = r"(?:[\u4e00-\u9fff·]{2,4}|[A-Z][\w.'-]*)"
#: A Chinese byline: a role word ("本报记者", "光明日报记者", "译") and names only, no
#: sentence: "本报记者 王燕平 方云凤", "作者： 周思博 (Joel Spolsky)", "译： Chen Bin".
_CJK_BYLINE = re.compile(
    r"^\W*[^\s，。,]{0,10}?(?:记者|作者|编译|译者|译|执笔人?|实习生|通讯员)\s*[:：]?\s*"
    rf"{_NAME}(?:\s*[、\s]\s*{_NAME}){{0,5}}(?:\s*[(（][^)）]{{1,30}}[)）])?\s*$"
)
_CJK_BYLINE_MAX = 40
_WORD = re.compile(r"\w+")
#: A dateline or byline: at most this long, and this many words besides its dates.
_DATELINE = 100
_DATELINE_WORDS = 8
_BYLINE_MAX = 80
_HEAD = 6
_COPYRIGHT_MAX = 300
_MAX_PEEL = 6
#: A thread: lines with the same short link, at most this many lines apart, among the
#: story's last lines, with at most this many lines after it.  A thread may be longer
#: than the story, as long as this much of the story is left.
_ACTION_MIN = 4
_ACTION_MAX = 30
_THREAD_LINES = 400
_THREAD_GAP = 4
_THREAD_AFTER = 10
_THREAD_KEEP = 800
#: A teaser card holds at most this much text; figures and list items are not cards.
_CARD = 300
_CARD_NOT = frozenset({"figure", "li", "tr", "td", "p"})
#: Lines this short, or datelines, go only with furniture above them (at most this many).
_PENDING = 30
_MAX_PENDING = 3
_PROSE_END = (".", "!", "?", "。", "！", "？")


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _lines(article: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, str]]:
    """The story's lines in order, with their text: blocks with text, no block and no
    photo inside them (found in one walk: each block marks its ancestors as holding one)."""
    blocks = [el for el in article.iter(*_BLOCK_TAGS) if el is not article]
    holders: set[lxml.html.HtmlElement] = set()
    for el in blocks:
        parent = el.getparent()
        while parent is not None and parent is not article and parent not in holders:
            holders.add(parent)
            parent = parent.getparent()
    photos: set[lxml.html.HtmlElement] = set()  # blocks holding a photo are not lines
    for img in article.iter("img"):
        photos.update(img.iterancestors())
    lines = []
    for el in blocks:
        if el in holders or el in photos:
            continue
        if text := _text(el):
            lines.append((el, text))
    return lines


def _linked(el: lxml.html.HtmlElement) -> tuple[int, int]:
    """(characters inside links, words of the longest link); in-page links do not count."""
    linked = longest = 0
    for a in el.iter("a"):
        if (a.get("href") or "").startswith("#"):
            continue
        text = _text(a)
        linked += len(text)
        longest = max(longest, len(text.split()))
    return linked, longest


def _is_teaser(el: lxml.html.HtmlElement, text: str) -> bool:
    if len(text) > _TEASER:
        return False
    linked, longest = _linked(el)
    if longest < 3 or len(text) - linked > _TEASER_UNLINKED:
        return False
    # A linked title with a sentence about it is a roundup's entry, not a teaser,
    # unless it is dated ("Q*Bert released - 21 May, 2007 A few trailers too.").
    return linked >= 0.7 * len(text) or not text.endswith(_SENTENCE_END) or bool(_DATE.search(text))


def _is_between(el: lxml.html.HtmlElement, text: str) -> bool:
    """A short line that may sit between teasers: a heading, a label, a source and time."""
    return len(text) <= _BETWEEN and (el.tag in _HEADINGS or not text.endswith(_SENTENCE_END))


def _is_furniture(text: str) -> bool:
    if len(text) <= _COPYRIGHT_MAX and _COPYRIGHT.search(text):
        return True
    if len(text) <= _FURNITURE_MAX and "©" in text:
        return True  # "Gulf Gazette, 2008 ©"
    # A sentence ("He declined to comment.") is the story's own, whatever its words.
    return (
        len(text) <= _FURNITURE_MAX
        and not text.endswith(_PROSE_END)
        and bool(_FURNITURE.search(text))
    )


def _is_toolbar(text: str) -> bool:
    """A short line of tools above the story: one word ("Share"), or several of them
    ("Print | E-mail | Comments"); a headline that only uses one ("Share prices fall")
    is not one."""
    if len(text) > _FURNITURE_MAX or text.endswith(_PROSE_END):
        return False
    found = {match.casefold() for match in _FURNITURE.findall(text)}
    return len(found) >= 2 or (len(text) <= _TOOL and bool(found))


def _is_dateline(text: str) -> bool:
    """A short line that is a date (and time) with a few words around it, or a byline:
    "Posted: Thu, 10 Jan 2008 03:47 GMT", "By NAME, Staff writer", "2005-04-27 来源：..."."""
    if len(text) > _DATELINE:
        return False
    if _BYLINE.match(text) and len(text) <= _BYLINE_MAX:
        return True
    if len(text) <= _CJK_BYLINE_MAX and _CJK_BYLINE.match(text):
        return True
    if not _DATE.search(text):
        return False
    words = len(_WORD.findall(_DATE.sub(" ", text)))
    return words <= (3 if text.endswith(_SENTENCE_END) else _DATELINE_WORDS)


Lines = list[tuple[lxml.html.HtmlElement, str]]


def _teaser_run(lines: Lines) -> int:
    """How many of the last lines are a run of at least three teasers, with the short
    headings and labels between and just before them."""
    run = teasers = 0
    for el, text in reversed(lines):
        if _is_teaser(el, text):
            teasers += 1
        elif not _is_between(el, text):
            break
        run += 1
    while run:
        el, text = lines[len(lines) - run]
        if _is_teaser(el, text) or el.tag in _HEADINGS or text.endswith((":", "：")):
            break
        run -= 1  # a short last line of the story before the run is the story's own
    return run if teasers >= _MIN_TEASERS else 0


def _end_furniture(lines: Lines) -> int:
    """How many of the last lines are copyright notices or share, print, comment lines,
    with the very short lines and datelines below and between them ("Leave a Reply",
    "January 14, 2008, 6:40 PM"); those alone, under the story's prose, stay."""
    count = pending = furniture = 0
    for el, text in reversed(lines):
        if furniture < _MAX_PEEL and _is_furniture(text):
            furniture += 1
            count += pending + 1
            pending = 0
        elif pending < _MAX_PENDING and (
            len(text) <= _PENDING or (el.tag not in _HEADINGS and _is_dateline(text))
        ):
            pending += 1
        else:
            break
    return count


def _head_datelines(lines: Lines) -> list[int]:
    """Indexes of the date, byline and share lines above the story's first paragraph."""
    drop = []
    for i, (el, text) in enumerate(lines[:_HEAD]):
        if el.tag in _HEADINGS:
            continue  # a headline, even with a date in it
        if len(text) > _DATELINE:
            break  # the first paragraph of prose
        if _is_dateline(text) or _is_toolbar(text):
            drop.append(i)
    return drop


def _shape(el: lxml.html.HtmlElement) -> tuple[str, ...]:
    """The tags of ``el`` and everything inside it, in order: a card's shape."""
    return tuple(str(child.tag) for child in el.iter() if isinstance(child.tag, str))


def _is_card(el: lxml.html.HtmlElement) -> bool:
    """A teaser card: a small block of blocks (a time, a photo, a headline) with a link
    that says something, and little text."""
    if el.tag in _CARD_NOT or next(el.iterancestors("figure"), None) is not None:
        return False
    if sum(1 for _ in el.iterdescendants(*_BLOCK_TAGS)) < 2 or len(_text(el)) > _CARD:
        return False
    return any(_text(a) and not (a.get("href") or "").startswith("#") for a in el.iter("a"))


class _Blocks:
    """A block's children, read from the end; each one's text length read once, when
    first looked at."""

    def __init__(self, node: lxml.html.HtmlElement) -> None:
        self.kids = [child for child in node if isinstance(child.tag, str)]
        self.lengths: dict[lxml.html.HtmlElement, int] = {}
        self.drop_empty()

    def length(self, el: lxml.html.HtmlElement) -> int:
        if el not in self.lengths:
            self.lengths[el] = len(_text(el))
        return self.lengths[el]

    def drop_empty(self) -> None:
        while self.kids and not self.length(self.kids[-1]):
            self.kids.pop()

    def last(self) -> lxml.html.HtmlElement | None:
        return self.kids[-1] if self.kids else None

    def pop(self) -> lxml.html.HtmlElement:
        el = self.kids.pop()
        self.drop_empty()
        return el


def _card_run(article: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The same-shaped teaser cards (at least three) that end the story, with the short
    headings after them, found by descending through the story's last blocks.  Only
    the blocks looked at from the end have their text read."""
    node: lxml.html.HtmlElement | None = article
    tail: list[lxml.html.HtmlElement] = []
    while node is not None:
        blocks = _Blocks(node)
        while (el := blocks.last()) is not None and blocks.length(el) <= _BETWEEN:
            if _is_card(el):
                break
            tail.append(blocks.pop())  # "From around the web"
        last = blocks.last()
        run = []
        if last is not None and blocks.length(last) <= _CARD and _is_card(last):
            shape = _shape(last)
            while (el := blocks.last()) is not None and _is_card(el) and _shape(el) == shape:
                run.append(blocks.pop())
        if len(run) >= _MIN_TEASERS:
            if (el := blocks.last()) is not None and el.tag in _HEADINGS:
                run.append(el)  # the run's heading
            return run + tail
        node = last  # the cards may be further down, in the last block
    return []


def _dateline_run(lines: Lines) -> int:
    """How many of the last lines are a run of at least three datelines (comments'
    signatures left without their text: "Posted by: NAME | January 14, 2008 07:52 PM")."""
    count = 0
    for el, text in reversed(lines):
        if el.tag in _HEADINGS or not _is_dateline(text):
            break
        count += 1
    return count if count >= _MIN_TEASERS else 0


def _action_links(el: lxml.html.HtmlElement) -> set[str]:
    return {
        key for a in el.iter("a") if _ACTION_MIN <= len(key := _text(a).casefold()) <= _ACTION_MAX
    }


def _thread_start(lines: Lines) -> int | None:
    """Where a thread of comments that ends the story begins: at least three lines, a
    few lines apart, each with the same short link ("Report this comment", "Reply") and
    a date on it or just above, running to the end of the story but for a few lines
    (the comment form)."""
    window = lines[-_THREAD_LINES:]
    offset = len(lines) - len(window)
    links = [_action_links(el) for el, _ in window]
    seen: dict[str, list[int]] = {}
    for i, texts in enumerate(links):
        for key in texts:
            seen.setdefault(key, []).append(i)
    best: int | None = None
    for marks in seen.values():
        if len(marks) < _MIN_TEASERS or len(window) - 1 - marks[-1] > _THREAD_AFTER:
            continue
        start = len(marks) - 1
        while start and marks[start] - marks[start - 1] <= _THREAD_GAP:
            start -= 1
        run = marks[start:]
        # Each comment says when it was written, on its action's line or just above.
        dated = sum(1 for i in run if any(_DATE.search(window[j][1]) for j in (i, i - 1) if j >= 0))
        if len(run) >= _MIN_TEASERS and dated >= 2 / 3 * len(run):
            best = run[0] if best is None else min(best, run[0])
    if best is None:
        return None
    while best and len(window[best - 1][1]) <= _PENDING:
        best -= 1  # its heading: "Comments", "Have your say"
    return offset + best


def trim_edges(article: lxml.html.HtmlElement) -> Lines:
    """Drop teaser cards, teaser runs and furniture at the story's end, then datelines
    at its start; never most of the story.  Returns the story's lines left, for the
    passes after it (one walk of the story for all of them)."""
    cards = _card_run(article)
    if cards and sum(len(_text(card)) for card in cards) <= 0.5 * len(_text(article)):
        for card in cards:
            card.drop_tree()
    lines = _lines(article)
    story = sum(len(text) for _, text in lines)
    budget = 0.5 * story
    start = _thread_start(lines)
    if start is not None:
        thread = sum(len(text) for _, text in lines[start:])
        if thread <= budget or story - thread >= _THREAD_KEEP:
            for el, _ in lines[start:]:
                el.drop_tree()
            lines = lines[:start]
            budget = max(0.0, budget - thread)
    for peel in (_teaser_run, _end_furniture, _dateline_run, _end_furniture):
        count = peel(lines)
        length = sum(len(text) for _, text in lines[len(lines) - count :]) if count else 0
        if count and length <= budget:
            budget -= length
            for el, _ in lines[len(lines) - count :]:
                el.drop_tree()
            lines = lines[: len(lines) - count]
    drop = _head_datelines(lines)
    if drop and sum(len(lines[i][1]) for i in drop) <= budget:
        for i in drop:
            lines[i][0].drop_tree()
        gone = set(drop)
        lines = [line for i, line in enumerate(lines) if i not in gone]
    return lines


def is_copyright(text: str) -> bool:
    """True for a short copyright notice ("© 2024 NAME", "All rights reserved", "版权所有")."""
    return len(text) <= _COPYRIGHT_MAX and bool(_COPYRIGHT.search(text))
