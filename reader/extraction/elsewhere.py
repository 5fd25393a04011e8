"""Text repeated elsewhere on the page: a line at the story's edges that the page also
shows outside the story (in its menus, sidebars, footer or teaser lists) is furniture.

``page_text`` reads the page's text before the story is looked for (readability then
takes the sidebars and menus away); ``remove_repeated_elsewhere`` peels, from the story's
end and its start, the lines the page holds more often than the story does.
At the start only linked lines go (breadcrumbs, section links): a standfirst or a
notice's header may well be said again elsewhere on the page.  A page that holds much of
its story twice (a print copy, a mobile copy) is left alone.  Functions change the tree
they are given in place.
"""

from __future__ import annotations

import lxml.etree
import lxml.html

#: Block elements: a line of the story is one with text and none of these inside.
_BLOCK_TAGS = frozenset(
    {"p", "li", "div", "ul", "ol", "dl", "table", "section", "article", "aside", "blockquote",
     "h1", "h2", "h3", "h4", "h5", "h6", "figure", "header", "footer", "nav", "form"}
)  # fmt: skip
#: Lines shorter than this (once normalised) say too little to be matched ("Share").
_MIN = 12
_MAX = 250
#: The most of the story's lines that may be repeated before the page counts as a copy.
_COPY_SHARE = 0.3


def _key(text: str) -> str:
    """Lower case, single spaces (cheap enough for a whole page's text)."""
    return " ".join(text.split()).casefold()


#: Elements whose own text the page does not show (a script's code, an option's label).
_UNSHOWN = ("script", "style", "noscript", "template", "option")


def page_text(doc: lxml.html.HtmlElement) -> str:
    """The page's text, normalised, before anything is taken out of it (the text of
    scripts and styles left out, the rest joined as ``text_content()`` joins it).

    The text nodes directly inside an unshown element are blanked for a moment and the
    body serialised as text by libxml2: ten times faster than picking text nodes by XPath.
    """
    body = doc.find("body")
    if body is None:
        return ""
    saved: list[tuple[lxml.html.HtmlElement, str, str | None]] = []
    for el in body.iter(*_UNSHOWN):
        if el.text:
            saved.append((el, "text", el.text))
            el.text = None
        for child in el:
            if child.tail:
                saved.append((child, "tail", child.tail))
                child.tail = None
    try:
        text = lxml.etree.tostring(body, method="text", encoding="unicode", with_tail=False)
    finally:
        for el, where, value in saved:
            setattr(el, where, value)
    return _key(text)


def _leaf_lines(article: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The story's lines in order: blocks with text and no block inside them."""
    leaves = []
    for el in article.iter(*_BLOCK_TAGS):
        if el is article or next(el.iterdescendants(*_BLOCK_TAGS), None) is not None:
            continue
        if el.text_content().strip():
            leaves.append(el)
    return leaves


def _linked_share(el: lxml.html.HtmlElement, length: int) -> float:
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return linked / max(length, 1)


def remove_repeated_elsewhere(article: lxml.html.HtmlElement, page: str) -> None:
    """Drop lines at the story's edges whose text the page also shows outside the story.

    From each edge inwards, a line goes while the page holds its text more often than
    the story does; lines too short to match ("Share", "More") between such lines go
    with them.  The first line of real text that is the story's own stops the peel.
    """
    if not page.strip():
        return
    leaves = _leaf_lines(article)
    if not leaves:
        return
    story = f" {_key(' '.join(el.text_content() for el in leaves))} "
    texts = [" ".join(el.text_content().split()) for el in leaves]
    keys = [_key(t) for t in texts]

    def repeated(index: int) -> bool:
        key = keys[index]
        if not _MIN <= len(key) <= _MAX:
            return False
        # No word boundaries: text_content() runs neighbouring elements' words together.
        return page.count(key) > story.count(key)

    total = sum(len(t) for t in texts)
    if sum(len(texts[i]) for i in range(len(leaves)) if repeated(i)) > _COPY_SHARE * total:
        return  # the story is on the page twice: its lines prove nothing
    drop: list[int] = []
    for order, at_start in ((range(len(leaves) - 1, -1, -1), False), (range(len(leaves)), True)):
        pending: list[int] = []
        for i in order:
            if i in drop:
                break
            length = len(texts[i])
            if repeated(i) and (not at_start or _linked_share(leaves[i], length) >= 0.5):
                drop.extend(pending)
                drop.append(i)
                pending = []
            elif len(keys[i]) < _MIN:
                pending.append(i)
            else:
                break
    if sum(len(texts[i]) for i in drop) > 0.5 * total:
        return  # never most of the story
    for i in drop:
        if leaves[i].getparent() is not None:
            leaves[i].drop_tree()
