"""Cleanup rules around readability: figures before it, boilerplate and duplicates after it.

Every rule is general (words, markup and structure any news site uses), never keyed to a
site.  Functions change the tree they are given in place.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import lxml.html.defs

from reader.extraction.metadata import text_similarity

_CAPTION_CLASS = re.compile(
    r"caption|credit|cutline|legend|wp-caption-text|photo-?desc|image-?desc|byline-photo", re.I
)
_FIGURE_CLASS = re.compile(r"figure|image|photo|picture|media|wp-caption|img", re.I)
# Class or id words of page furniture: share bars, newsletter boxes, ad slots, tag lists.
_FURNITURE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|sharebar|newsletter|subscribe|subscription|signup|"
    r"sign-up|ad|ads|adslot|ad-slot|advert|advertisement|dfp|gpt|sponsored|outbrain|taboola|"
    r"related|recirc|more-stories|tags|tag-list|taglist|topics|breadcrumbs?|"
    r"gallery-count|photo-count)(?:$|[\s_-])",
    re.I,
)
_SOCIAL = (
    r"facebook|twitter|x|linkedin|pinterest|e-?mail|whatsapp|reddit|print|copy link|"
    r"messenger|telegram|flipboard|tumblr|threads|bluesky|share"
)
# Whole texts of blocks that are furniture, whatever their markup.
_FURNITURE_TEXT = re.compile(
    rf"^(?:loading(?:\.\.\.|…)?|advertisement|advertising|ad|sponsored|"
    rf"share(?: this)?(?: article| story| post)?|tags?:?|topics?:?|related(?: articles| stories"
    rf"| content| posts)?:?|more stories|more from [\w\s]{{1,30}}|read more|recommended|"
    rf"photo gallery|gallery|view gallery|\d+\s+(?:photos?|images?|pictures?)|"
    rf"(?:{_SOCIAL})(?:\s*[|,/·]?\s*(?:{_SOCIAL}))*|"
    rf"sign up for (?:our|the) [\w\s]{{1,30}}newsletters?\.?|subscribe(?: now| today)?\.?)$",
    re.I,
)
# Headings that introduce a list of links, not the story.
_LIST_HEADING = re.compile(
    r"^(?:tags?|topics?|related(?: articles| stories| content| posts| links)?|more stories|"
    r"more from .{1,30}|read (?:more|next)|recommended(?: for you)?|you (?:may|might) also like|"
    r"trending|most (?:read|popular|viewed))\s*:?$",
    re.I,
)
#: Words of its own a line needs around a link for the link to be a word of a sentence.
_WORDS = re.compile(r"\w+")
_SENTENCE_WORDS = 4
_HEADING_LIKE = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span"})
_BLOCKS = ("p", "div", "span", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "aside", "a")


#: Elements of HTML; anything else a page invents (``<text>``, ``<o:p>``) shows its content.
_HTML_ELEMENTS = lxml.html.defs.tags | {"main", "picture", "template", "search", "dialog"}
#: Document furniture that has no place inside a story (a stray ``<body>`` keeps its text).
_DOCUMENT_ONLY = frozenset({"head", "title", "meta", "link", "base"})


def unwrap_unknown_elements(article: lxml.html.HtmlElement) -> None:
    """Keep the content of elements HTML does not know; drop head furniture in the story.

    Browsers render an unknown element's content, while the sanitiser may drop it whole.
    Inside ``<svg>`` and ``<math>`` the names are their own and are left alone.
    """
    for el in list(article.iter()):
        if el is article or not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if next(el.iterancestors("svg", "math"), None) is not None:
            continue
        if el.tag in _DOCUMENT_ONLY:
            el.drop_tree()
        elif el.tag in ("html", "body") or el.tag not in _HTML_ELEMENTS:
            el.drop_tag()


# Labels a page prints before a photo's credit or caption ("Image copyright", "Bildquelle").
_MEDIA_LABEL = re.compile(
    r"^(?:(?:image|photo|picture|media|video)\s+(?:copyright|caption|credit|source)s?|"
    r"copyright|caption|bildquelle|bildunterschrift|foto|légende|crédit(?: photo)?|"
    r"pie de foto|didascalia|图片来源|图片说明)\s*[:：]?",
    re.I,
)
# Text for screen readers only: not on the page a reader sees.
_SCREEN_READER_CLASS = re.compile(
    r"(?:^|\s)(?:sr-only|visually-hidden|visuallyhidden|off-screen|offscreen|screen-reader-text|"
    r"screenreader-only|a11y-hidden|u-hidden-visually)(?:$|\s)",
    re.I,
)


def remove_media_labels(article: lxml.html.HtmlElement) -> None:
    """Drop "Image copyright" / "Image caption" labels; a credit or caption line whose
    photo is not in the story goes with its label (it would stand alone as a stray line)."""
    for el in list(article.iter("span", "p", "div", "strong", "b", "em", "i", "small")):
        if el.getparent() is None or el is article:
            continue
        text = _text(el)
        if not text or len(text) > 160 or el.find(".//img") is not None:
            continue
        label = _MEDIA_LABEL.match(text)
        screen_reader = bool(_SCREEN_READER_CLASS.search(el.get("class") or ""))
        if screen_reader and len(text) < 40:
            el.drop_tree()
        elif label and label.end() == len(text):
            el.drop_tree()  # the label alone; the caption or credit beside it stays
        elif (
            label
            and next(el.iterancestors("figure"), None) is None
            and el.tag != "span"
            and not _beside_photo(el)
        ):
            el.drop_tree()  # "Image copyright Getty Images" without its photo


def _beside_photo(el: lxml.html.HtmlElement) -> bool:
    """True for a line right after a photo set in the text without a figure (or right
    before one): that photo's own credit or caption ("Photo Credit: NAME").  A figure
    holds its caption and credit already."""
    return any(
        near is not None
        and isinstance(near.tag, str)
        and (near.tag == "img" or near.find(".//img") is not None)
        and near.tag != "figure"
        and near.find(".//figure") is None
        for near in (el.getprevious(), el.getnext())
    )


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _caption_like(el: lxml.html.HtmlElement) -> bool:
    return el.tag == "figcaption" or bool(
        _CAPTION_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
    )


def make_figures(root: lxml.html.HtmlElement) -> None:
    """Turn an image with its caption into ``<figure><img><figcaption>``.

    A container holding exactly one image and a caption-like element (class or id naming
    a caption or credit) becomes a figure; inside a figure, caption-like elements are
    gathered into one figcaption.
    """
    for img in list(root.iter("img")):
        figure = next(img.iterancestors("figure"), None)
        if figure is None:
            container = img
            for _ in range(3):
                parent = container.getparent()
                if parent is None or parent.tag in ("body", "html", "article", "main", "p"):
                    break
                container = parent
                if sum(1 for _ in container.iter("img")) != 1 or len(_text(container)) > 600:
                    break
                if any(_caption_like(e) for e in container.iterdescendants()):
                    figure = container
                    break
            if figure is None or figure.tag not in ("div", "span", "section", "li", "aside"):
                continue
            figure.tag = "figure"
        _gather_caption(figure)


def _gather_caption(figure: lxml.html.HtmlElement) -> None:
    if figure.find(".//figcaption") is not None:
        return
    parts = [
        e
        for e in figure.iterdescendants()
        if isinstance(e.tag, str) and _caption_like(e) and e.find(".//img") is None
    ]
    parts = [e for e in parts if not any(a in parts for a in e.iterancestors())]
    if not parts:
        return
    caption = lxml.html.Element("figcaption")
    parts[0].addprevious(caption)
    for part in parts:
        tail, part.tail = part.tail, None
        caption.append(part)
        if part.tag in ("p", "div", "figcaption"):
            part.tag = "span"
        if tail and tail.strip():
            part.tail = tail
        if part is not parts[-1]:
            part.tail = (part.tail or "") + " "


def remove_title_heading(root: lxml.html.HtmlElement, title: str) -> None:
    """Drop the first h1/h2 that repeats the title: the title is shown apart."""
    if not title:
        return
    for heading in root.iter("h1", "h2"):
        if text_similarity(title, _text(heading)) > 0.75:
            heading.drop_tree()
            return


def remove_boilerplate(article: lxml.html.HtmlElement) -> None:
    """Drop share bars, "Loading...", tag and related lists, newsletter boxes and ad slots."""
    for el in list(article.iter(*_BLOCKS, "ul", "ol", "figure")):
        if el.getparent() is None or el is article:
            continue
        text = _text(el)
        if el.tag in _HEADING_LIKE and _LIST_HEADING.match(text):
            following = el.getnext()
            if following is not None and following.tag in ("ul", "ol", "div"):
                links = sum(len(_text(a)) for a in following.iter("a"))
                if links >= 0.5 * max(len(_text(following)), 1):
                    following.drop_tree()
            el.drop_tree()
            continue
        if (
            el.tag != "figure"
            and _FURNITURE_TEXT.match(text)
            and el.find(".//img") is None
            and not _word_of_a_sentence(el)
        ):
            el.drop_tree()
            continue
        features = f"{el.get('class') or ''} {el.get('id') or ''}"
        if (
            el.tag != "figure"
            and _FURNITURE_CLASS.search(features)
            and len(text) < 200
            and el.find(".//figure") is None
        ):
            el.drop_tree()


def _word_of_a_sentence(el: lxml.html.HtmlElement) -> bool:
    """True for a link or span inside running text ("visit her blog, shop and
    Facebook."): a word of the sentence, not a share button on a line of its own."""
    if el.tag not in ("a", "span"):
        return False
    parent = el.getparent()
    if parent is None:
        return False
    if not _text(parent).endswith((".", "!", "?", "。", "！", "？")):
        return False  # "Post this story to: Digg | Reddit"
    own = "".join(parent.xpath(".//text()[not(ancestor::a)]"))
    return len(_WORDS.findall(own)) >= _SENTENCE_WORDS


def remove_repeated_blocks(article: lxml.html.HtmlElement, title: str) -> None:
    """Drop a short block at the top (a headline, a standfirst) said twice in a row, or
    the title.  The same words again after a heading open another section: they stay."""
    title_text = " ".join(title.split()).casefold() if title else ""
    blocks = [
        el
        for el in article.iter("h1", "h2", "h3", "p")
        if el.getparent() is not None and next(el.iterancestors("figure"), None) is None
    ][:4]
    previous = ""
    for el in blocks:
        text = _text(el).casefold()
        if not text:
            continue
        if len(text) <= 300 and text in (title_text, previous):
            el.drop_tree()
            continue
        previous = text


def tidy_figures(article: lxml.html.HtmlElement) -> None:
    """Inside figures: an alt that only repeats the caption is cleared."""
    for figure in article.iter("figure"):
        caption = figure.find(".//figcaption")
        caption_text = _text(caption).casefold() if caption is not None else ""
        for img in figure.iter("img"):
            alt = " ".join((img.get("alt") or "").split()).casefold()
            if alt and caption_text and (alt == caption_text or caption_text.startswith(alt)):
                img.set("alt", "")


def _same_image(a: str, b: str) -> bool:
    try:
        pa, pb = urlsplit(a), urlsplit(b)
    except ValueError:
        return a == b
    return a == b or (pa.netloc, pa.path) == (pb.netloc, pb.path)


def add_lead_image(article: lxml.html.HtmlElement, lead_image: str | None) -> None:
    """Put the page's lead image on top when the story has no image at all."""
    if not lead_image:
        return
    sources = [img.get("src") or "" for img in article.iter("img")]
    if any(_same_image(src, lead_image) for src in sources) or sources:
        return
    figure = lxml.html.Element("figure")
    img = lxml.html.Element("img")
    img.set("src", lead_image)
    img.set("alt", "")
    figure.append(img)
    article.insert(0, figure)


def math_as_text(article: lxml.html.HtmlElement) -> None:
    """Replace MathML, which the sanitiser does not keep, with its text (or ``alttext``)."""
    for math in list(article.iter("math")):
        if math.getparent() is None:
            continue
        tokens = [t.strip() for t in math.itertext() if t.strip()]
        text = math.get("alttext") or " ".join(tokens)
        span = lxml.html.Element("span")
        span.text = f" {text} " if math.get("display") != "block" else text
        span.tail = math.tail
        math.getparent().replace(math, span)
