"""readability-lxml with a more careful last pass: what it keeps of the chosen container.

readability-lxml finds the story's container well but then cleans it harshly: lists of
links, data tables, figures and their captions go.  ``StoryDocument`` keeps its scoring
and replaces that last pass with the judgement of Mozilla's Readability.js: lists are
judged as lists, data tables and figures are kept, "Loading..." and lone "Advertisement"
boxes go.  It also hands back the cleaned tree instead of a string.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.etree
import lxml.html
from lxml.etree import tounicode
from readability import Document
from readability.readability import REGEXES, is_video_url

from reader.extraction.container import widest_part
from reader.extraction.metadata import UNLIKELY_CANDIDATES, UNLIKELY_ROLES
from reader.extraction.prose_links import linked_prose
from reader.extraction.text import text_offsets

#: A block holding only one of these words is an ad slot or a spinner, not content.
_AD_WORDS = re.compile(
    r"^(?:ad(?:vertising|vertisement)?|pub(?:licité)?|werb(?:ung)?|广告|Реклама|Anuncio)$",
    re.I,
)
_LOADING_WORDS = re.compile(
    r"^(?:(?:loading|正在加载|Загрузка|chargement|cargando)(?:…|\.\.\.)?)$", re.I
)
# Readability.js's class and id hints, which know share bars, banners and hidden blocks.
_NEGATIVE = re.compile(
    r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|"
    r"masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|"
    r"sponsor|shopping|tags|widget",
    re.I,
)
_POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", re.I
)
_TEXTISH = ("span", "li", "td", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul")
_CONTROLS = ("input", "button", "select", "textarea", "label", "output")
#: Characters of story text that put an element inside the story rather than at its edge.
_EDGE = 300
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _text(el: lxml.html.HtmlElement) -> str:
    # Whitespace collapsed; much cheaper than readability's regex-based clean().
    return " ".join((el.text_content() or "").split())


def link_density(el: lxml.html.HtmlElement) -> float:
    """Share of ``el``'s text inside links; in-page ("#...") links count for less."""
    total = len(_text(el))
    if not total:
        return 0.0
    linked = 0.0
    for a in el.iter("a"):
        href = a.get("href") or ""
        linked += len(_text(a)) * (0.3 if href.startswith("#") else 1.0)
    return linked / total


def _holds_prose(el: lxml.html.HtmlElement) -> bool:
    """True when most of ``el``'s text is in paragraphs: story text, not a form's labels."""
    prose = sum(len(_text(p)) for p in el.iter("p"))
    return prose >= 140 and prose >= 0.5 * len(_text(el))


def _only_figures(el: lxml.html.HtmlElement, content_length: int) -> bool:
    """True for a wrapper of photos with their captions (not teasers of linked headlines)."""
    figures = [
        f
        for f in el.iter("figure")
        if f is not el and f.find(".//img") is not None and link_density(f) < 0.5
    ]
    if not figures:
        return False
    outside = content_length - sum(len(_text(f)) for f in figures)
    return outside < 25


def _text_density(el: lxml.html.HtmlElement, tags: tuple[str, ...]) -> float:
    total = len(_text(el))
    if not total:
        return 0.0
    inner = sum(len(_text(child)) for child in el.iter(*tags) if child is not el)
    return inner / total


def class_weight(el: lxml.html.HtmlElement) -> int:
    """+25 for each of class and id that hint at content, -25 for each hinting at clutter."""
    weight = 0
    for feature in (el.get("class"), el.get("id")):
        if feature:
            weight -= 25 if _NEGATIVE.search(feature) else 0
            weight += 25 if _POSITIVE.search(feature) else 0
    return weight


def is_data_table(table: lxml.html.HtmlElement) -> bool:
    """True for a table of data (kept whole) rather than one used for layout."""
    if table.get("role") == "presentation" or table.get("datatable") == "0":
        return False
    if table.get("summary"):
        return True
    caption = table.find(".//caption")
    if caption is not None and _text(caption):
        return True
    if any(
        table.find(f".//{tag}") is not None for tag in ("col", "colgroup", "tfoot", "thead", "th")
    ):
        return True
    if table.find(".//table") is not None:
        return False
    rows = table.findall(".//tr")
    columns = max((len(row.findall("td")) + len(row.findall("th")) for row in rows), default=0)
    if len(rows) <= 1 or columns <= 1:
        return False
    if len(rows) >= 10 or columns > 4:
        return True
    return len(rows) * columns > 10


def _in_flow(heading: lxml.html.HtmlElement) -> bool:
    """True for a heading among several blocks of text (a section head), not in a card."""
    parent = heading.getparent()
    if parent is None:
        return False
    blocks = [c for c in parent if isinstance(c.tag, str) and c is not heading and _text(c)]
    return len(blocks) >= 3 and (len(_text(parent)) >= 500 or parent.find(".//img") is None)


#: Formatting elements a browser's parse reopens inside a paragraph ("adoption agency").
_FORMATTING = frozenset({"font", "b", "i", "em", "strong", "u", "small", "big", "span"})


def _prose_paragraph(p: lxml.html.HtmlElement) -> bool:
    """Readability's test of a sibling paragraph, on the text of a paragraph whose words
    sit in one reopened formatting element (``<p><font>words</font></p>``), which
    readability, reading only the paragraph's own text, takes for empty."""
    if (p.text or "").strip() or len(p) != 1 or p[0].tag not in _FORMATTING:
        return False
    text = _text(p)
    density = link_density(p)
    if len(text) > 80:
        return density < 0.25
    return bool(text) and density == 0 and bool(re.search(r"\.( |$)", text))


def _parent_walk(elem: lxml.html.HtmlElement, candidates: dict[Any, Any]) -> lxml.html.HtmlElement:
    """Readability.js's climb from the best candidate: up through scored ancestors while
    their score stays above a third of the best's, stopping at one that scores higher
    (it holds the story's lead paragraphs beside the block that scored best), provided
    what it adds is as free of links as the best block."""
    last = candidates[elem]["content_score"] if elem in candidates else 0
    threshold = last / 3
    density = link_density(elem)
    parent = elem.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        if parent in candidates:
            score = candidates[parent]["content_score"]
            if score < threshold:
                break
            if score > last:
                if link_density(parent) <= density + 0.05 and class_weight(parent) >= 0:
                    return parent
                break
            last = score
        parent = parent.getparent()
    return elem


def _single_child_candidate(
    el: lxml.html.HtmlElement, candidates: dict[Any, Any]
) -> dict[str, Any] | None:
    """The scored element reached from ``el`` down through lone children, if any."""
    for _ in range(6):
        children = [child for child in el if isinstance(child.tag, str)]
        if len(children) != 1:
            return None
        el = children[0]
        if el in candidates:
            found: dict[str, Any] = candidates[el]
            return found
    return None


#: Elements with a class, an id or a role: the only ones an unlikely-test can match.
_MARKED = lxml.etree.XPath("//*[@class or @id or @role]")
#: readability-lxml's unlikely classes and Readability.js's, in one pass over lower-cased
#: features (a case-blind regex of this many words is several times slower).
_UNLIKELY_WORDS = dict.fromkeys(
    f"{REGEXES['unlikelyCandidatesRe'].pattern}|{UNLIKELY_CANDIDATES.pattern}".lower().split("|")
)
_ANY_UNLIKELY = re.compile("|".join(_UNLIKELY_WORDS))


def _unlikely(elem: lxml.html.HtmlElement, features: str) -> bool:
    if elem.get("role") in UNLIKELY_ROLES:
        return True
    if len(features) < 2 or not _ANY_UNLIKELY.search(features.lower()):
        return False
    if REGEXES["okMaybeItsACandidateRe"].search(features):
        return False
    if elem.tag in ("pre", "code") or next(elem.iterancestors("pre", "code"), None) is not None:
        return False
    if REGEXES["unlikelyCandidatesRe"].search(features):
        return True
    # Readability.js's own list spares anything inside a table (layout tables hold stories).
    return next(elem.iterancestors("table"), None) is None


class StoryDocument(Document):  # type: ignore[misc]
    """A readability ``Document`` whose ``summary()`` also leaves the tree in ``article``.

    Not re-entrant, like ``Document``: one instance per page, one thread.
    """

    article: lxml.html.HtmlElement | None = None

    def get_clean_html(self) -> str:
        # The sanitiser allow-lists attributes later; keep the tree for the caller.
        self.article = self.html
        html: str = tounicode(self.html, method="html")
        return html

    def remove_unlikely_candidates(self) -> None:
        """readability's pass with Readability.js's judgement: its longer list of unlikely
        classes ("related", "social", "ai2html", ...) and roles (navigation, dialog, ...)
        as well as readability-lxml's, but links stay (a link's class, "popup" or
        "tweet", names how it opens, and its words belong to the sentence), and so does
        whatever holds the page's ``main``, ``article`` or math."""
        for elem in _MARKED(self.html):
            if elem.tag in ("html", "body", "a"):
                continue
            if elem.getparent() is None:
                continue
            features = f"{elem.get('class') or ''} {elem.get('id') or ''}"
            if (
                _unlikely(elem, features)
                and next(elem.iter("main", "article", "math"), None) is None
            ):
                elem.drop_tree()

    def get_link_density(self, elem: lxml.html.HtmlElement) -> float:
        # readability's own, with a cheaper text length (it dominates the run time).
        total = len(_text(elem))
        linked = sum(len(_text(a)) for a in elem.iter("a"))
        return linked / max(total, 1)

    def get_article(
        self, candidates: dict[Any, Any], best_candidate: dict[str, Any], html_partial: bool = False
    ) -> lxml.html.HtmlElement:
        """readability's article, plus the photos set just beside the story's container.

        Lead photos and galleries often sit in a sibling of the text container; their
        figures (an image, usually a caption) join the story in page order, without the
        sibling's other furniture (counters, "view gallery" links).
        """
        best = best_candidate["elem"]
        parent = best.getparent()
        siblings = list(parent) if parent is not None else []
        bonus = 0.2 * best_candidate["content_score"]
        for sibling in siblings:
            if sibling is best or not isinstance(sibling.tag, str):
                continue
            score = candidates[sibling]["content_score"] if sibling in candidates else None
            if score is None and (inner := _single_child_candidate(sibling, candidates)):
                # A sibling wrapping a scored block through lone children ("section >
                # div > div > p...") is judged by that block's score, as the story's own
                # container was (a story split into sections).
                score = inner["content_score"]
            if (
                score is not None
                and best.get("class")
                and sibling.get("class") == best.get("class")
            ):
                score += bonus  # a sibling of the same class: another part of the story
            if score is None and sibling.tag == "p" and _prose_paragraph(sibling):
                # readability reads only a paragraph's own text; a browser's parse may
                # have put it all in a reopened <font> or <b>.
                score = max(10, bonus)
            if score is not None:
                candidates[sibling] = {"content_score": score, "elem": sibling}
        output = super().get_article(candidates, best_candidate, html_partial=html_partial)
        if parent is None or not html_partial:
            return output
        position = siblings.index(best) if best in siblings else 0
        before: list[lxml.html.HtmlElement] = []
        after: list[lxml.html.HtmlElement] = []
        for index, sibling in enumerate(siblings):
            if sibling.getparent() is not parent or not isinstance(sibling.tag, str):
                continue  # moved into the article already
            if class_weight(sibling) < 0:
                continue
            for figure in sibling.iter("figure"):
                if figure.find(".//img") is not None and link_density(figure) < 0.5:
                    (before if index < position else after).append(figure)
        for figure in reversed(before):
            output.insert(0, figure)
        for figure in after:
            output.append(figure)
        return output

    def select_best_candidate(self, candidates: dict[Any, Any]) -> dict[str, Any] | None:
        """readability-lxml's choice, widened to hold a story split across containers.

        When at least three other candidates score nearly as well and share an ancestor
        with the best one, that ancestor holds the story (as in Readability.js), unless
        they are only blocks inside the best one or wrappers around it (``widest_part``).
        """
        best: dict[str, Any] | None = super().select_best_candidate(candidates)
        if best is None:
            return None
        elem = best["elem"]
        top_score = best["content_score"]
        if top_score <= 0:
            return best
        ranked = sorted(candidates.values(), key=lambda c: c["content_score"], reverse=True)[:5]
        chosen = widest_part(
            elem, [c["elem"] for c in ranked if c["content_score"] / top_score >= 0.75]
        )
        chosen = _parent_walk(chosen, candidates)
        if chosen is elem:
            return best
        widened = candidates.get(chosen) or self.score_node(chosen)
        widened["content_score"] = max(widened["content_score"], top_score)
        candidates[chosen] = widened
        return dict(widened)

    def sanitize(
        self, node: lxml.html.HtmlElement, candidates: dict[Any, Any], keep_all_images: bool = False
    ) -> str:
        offsets, total = text_offsets(node)
        for header in list(self.tags(node, *_HEADINGS)):
            if self.class_weight(header) < 0:
                header.drop_tree()
            elif link_density(header) > 0.33:
                # A linked heading in the flow of the story heads a section of it (as in
                # Readability.js); at the story's edges, or in a small card of its own
                # (a headline, a photo, a line of summary), it is a teaser's headline.
                start, end = offsets.get(header, (0, total))
                if start <= _EDGE or total - end <= _EDGE or not _in_flow(header):
                    header.drop_tree()
        for elem in list(self.tags(node, "p")):
            if REGEXES["callToActionRe"].search(elem.text_content()) and link_density(elem) > 0.2:
                elem.drop_tree()
        for elem in list(self.tags(node, "form", "textarea")):
            if elem.tag == "form" and _holds_prose(elem):
                # A form left open (or wrapping the page) holds story paragraphs, which
                # browsers show: keep them, drop only the controls.
                for control in list(elem.iter(*_CONTROLS)):
                    control.drop_tree()
                elem.drop_tag()
            elif elem.getparent() is not None:
                elem.drop_tree()
        for elem in list(self.tags(node, "object", "embed")):
            if not is_video_url(elem.get("src") or elem.get("data") or ""):
                elem.drop_tree()
        for elem in list(self.tags(node, "iframe")):
            if "src" in elem.attrib and is_video_url(elem.attrib["src"]):
                elem.attrib.pop("srcdoc", None)
                elem.text = "VIDEO"
            else:
                elem.drop_tree()
        allowed = self.get_preserved_elements(node)
        data_tables = {t for t in node.iter("table") if is_data_table(t)}
        for el in list(
            self.reverse_tags(node, "table", "ul", "div", "aside", "header", "footer", "section")
        ):
            if el in allowed or (el.getparent() is None and el is not node):
                continue
            if self._should_remove(el, candidates, data_tables):
                el.drop_tree()
        self.html = node
        return self.get_clean_html()

    def _should_remove(
        self,
        el: lxml.html.HtmlElement,
        candidates: dict[Any, Any],
        data_tables: set[lxml.html.HtmlElement],
    ) -> bool:
        """Readability.js's conditional cleaning of one element."""
        if el.tag == "table" and el in data_tables:
            return False
        ancestors = list(el.iterancestors())
        if any(a in data_tables for a in ancestors) or any(
            a.tag in ("code", "pre") for a in ancestors
        ):
            return False
        text = _text(el)
        content_length = len(text)
        is_list = el.tag in ("ul", "ol")
        if not is_list and content_length:
            list_length = sum(len(_text(li)) for li in el.iter("ul", "ol"))
            is_list = list_length / content_length > 0.9
        weight = class_weight(el)
        score = candidates[el]["content_score"] if el in candidates else 0
        if weight + score < 0:
            return True
        if text.count(",") >= 10 or _only_figures(el, len(text)):
            return False
        if _AD_WORDS.match(text) or _LOADING_WORDS.match(text):
            return True
        p = len(el.findall(".//p"))
        img = len(el.findall(".//img"))
        li = len(el.findall(".//li")) - 100
        inputs = len(el.findall(".//input")) - len(el.findall('.//input[@type="hidden"]'))
        embeds = sum(
            1
            for e in el.iter("object", "embed", "iframe")
            if not is_video_url(e.get("src") or e.get("data") or "")
        )
        heading_density = _text_density(el, _HEADINGS)
        density = link_density(el)
        in_figure = el.tag == "figure" or any(a.tag == "figure" for a in ancestors)
        remove = (
            (not in_figure and img > 1 and p / img < 0.5)
            or (not is_list and li > p)
            or inputs > p // 3
            or (
                not is_list
                and not in_figure
                and heading_density < 0.9
                and content_length < 25
                and (img == 0 or img > 2)
                and density > 0
            )
            or (not is_list and weight < 25 and density > 0.2 and not linked_prose(el, density))
            or (weight >= 25 and density > 0.5)
            or (embeds == 1 and content_length < 75)
            or embeds > 1
            or (img == 0 and _text_density(el, _TEXTISH) == 0 and not content_length)
        )
        if remove and is_list and all(len(child) <= 1 for child in el):
            # A plain list of images may stay.
            return img != len(el.findall(".//li"))
        return remove
