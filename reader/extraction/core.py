"""The extraction pipeline: parse once, read metadata, resolve images, run readability, clean."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from readability.readability import Unparseable

from reader.errors import NoContentError
from reader.extraction.bylines import with_byline
from reader.extraction.cleanup import (
    add_lead_image,
    make_figures,
    math_as_text,
    remove_boilerplate,
    remove_media_labels,
    remove_repeated_blocks,
    remove_title_heading,
    tidy_figures,
    unwrap_unknown_elements,
)
from reader.extraction.clutter import (
    remove_comment_sections,
    remove_link_blocks,
    remove_linked_edges,
    remove_players,
)
from reader.extraction.columns import remove_side_columns
from reader.extraction.edges import trim_edges
from reader.extraction.elsewhere import page_text, remove_repeated_elsewhere
from reader.extraction.extracted import Extracted
from reader.extraction.furniture import (
    remove_footer_block,
    remove_headline_line,
    remove_page_turns,
)
from reader.extraction.images import resolve_images
from reader.extraction.metadata import Metadata, read_metadata
from reader.extraction.metadata_rules import refine
from reader.extraction.parsing import parse_html5
from reader.extraction.promos import remove_promos
from reader.extraction.readable import StoryDocument
from reader.extraction.repeats import remove_byline_paragraph, unwrap_drop_caps
from reader.extraction.teaser import is_partial, remove_paywall
from reader.extraction.text import element_text, html_to_text
from reader.html_trees import html_parser
from reader.sanitizer import (
    image_sources,
    remove_tracking_images,
    sanitize_html,
    strip_control_chars,
)

#: Below this many characters of story text, a page with much more prose is re-read.
_TOO_LITTLE = 500
#: Story text this short ("Breaking News", "partners") is a label, not a story.
_STUB = 50
_TAG = re.compile(r"</?[A-Za-z]")
_TITLE_TAG = re.compile(r"<title\b[^>]*>", re.I)
_FALLBACK_DROP = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript")


def parse(html: str) -> lxml.html.HtmlElement:
    """The document tree of ``html`` as a browser builds it; NoContentError if none.

    Text that lxml cannot hold in the HTML5 tree falls back to libxml2's own parse.
    """
    try:
        doc = parse_html5(html)
    except ValueError:
        try:
            doc = lxml.html.document_fromstring(html, parser=html_parser())
        except (lxml.etree.LxmlError, ValueError) as exc:
            raise NoContentError("the page could not be parsed as HTML") from exc
    if doc is None or not isinstance(doc.tag, str):
        raise NoContentError("the page could not be parsed as HTML")
    if (repaired := _close_open_title(html, doc)) is not None:
        return parse(repaired)
    return doc


def _close_open_title(html: str, doc: lxml.html.HtmlElement) -> str | None:
    """``html`` with its ``<title>`` closed, when an unclosed title swallowed the page.

    A title whose end tag is missing or misspelt (``</titlevalue="true" -->``) holds the
    rest of the page as text, and the body comes out empty (in browsers too).  Only
    then is the title closed before the first tag inside it.
    """
    title = doc.find(".//title")
    text = (title.text or "") if title is not None else ""
    if len(text) < 200 or not _TAG.search(text):
        return None
    body = doc.find("body")
    if body is not None and body.text_content().strip():
        return None
    opening = _TITLE_TAG.search(html)
    if opening is None:
        return None
    inner = _TAG.search(html, opening.end())
    if inner is None:
        return None
    return f"{html[: inner.start()]}</title>{html[inner.start() :]}"


def extract(html: str, url: str) -> Extracted:
    """The story on the page ``html`` (decoded text) fetched from ``url``.

    Raises NoContentError when nothing readable is found; never anything else.
    """
    html = strip_control_chars(html)
    if not html.strip():
        raise NoContentError("the page is empty")
    try:
        return _extract(html, url)
    except (lxml.etree.LxmlError, ValueError, RecursionError, MemoryError) as exc:
        if isinstance(exc, NoContentError):
            raise
        raise NoContentError(f"the page could not be read ({type(exc).__name__})") from exc


def _extract(html: str, url: str) -> Extracted:
    doc = parse(html)
    # Before readability strips style attributes: a pixel sized only by its style is
    # still recognisable here, and so is never fetched.
    remove_tracking_images(doc)
    remove_comment_sections(doc)
    remove_players(doc)
    paywall = remove_paywall(doc, html)
    meta = with_byline(doc, refine(doc, read_metadata(doc, url), url), url)
    resolve_images(doc, url)
    make_figures(doc)
    remove_title_heading(doc, meta.title)
    prose = _prose_length(doc)
    longest = _longest_paragraph(doc)
    # Before readability takes menus and sidebars away: what the page shows outside
    # the story is judged against them.
    page = page_text(doc)
    try:
        # No url: images are already absolute and the sanitiser resolves links, which
        # spares readability a costly pass over every link on the page.
        document = StoryDocument(doc)
        document.summary(html_partial=True)
    except Unparseable as exc:
        raise NoContentError("no readable text found on the page") from exc
    article = document.article
    if article is None:
        raise NoContentError("no readable text found on the page")
    kept = element_text(article)
    if (
        prose > 2 * _TOO_LITTLE
        and len(kept) < min(_TOO_LITTLE, prose // 4)
        and longest not in " ".join(kept.split())
    ) or (len(kept) < _STUB and len(page) > 2 * _TOO_LITTLE):
        # Readability kept too little of a long page, and not its longest paragraph (a
        # short story among long teasers keeps it), or only a label ("Breaking News")
        # of a page with text: read its main region instead.
        pristine = parse(html)
        remove_tracking_images(pristine)
        remove_comment_sections(pristine)
        remove_players(pristine)
        remove_paywall(pristine, html)
        resolve_images(pristine, url)
        make_figures(pristine)
        fallback = _fallback(pristine)
        if fallback is not None:
            article = fallback
    return _finish(article, meta, url, paywall, page)


def _longest_paragraph(doc: lxml.html.HtmlElement) -> str:
    """The text of the page's longest paragraph, whitespace collapsed."""
    texts = (" ".join(p.text_content().split()) for p in doc.iter("p"))
    return max(texts, key=len, default="")


def _prose_length(doc: lxml.html.HtmlElement) -> int:
    return sum(len(p.text_content()) for p in doc.iter("p"))


def _fallback(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The page's main region when readability kept too little of a long page."""
    regions = doc.xpath("//*[@itemprop='articleBody'] | //article | //main | //body")
    best, best_length = None, 0
    for region in regions:
        length = _prose_length(region)
        if length > best_length * 1.2:
            best, best_length = region, length
    if best is None:
        return None
    for el in list(best.iter(*_FALLBACK_DROP)):
        if el is not best and el.getparent() is not None:
            el.drop_tree()
    best.tag = "div"
    return best


def _finish(
    article: lxml.html.HtmlElement,
    meta: Metadata,
    url: str,
    paywall: bool,
    page: str,
) -> Extracted:
    unwrap_unknown_elements(article)
    unwrap_drop_caps(article)
    remove_byline_paragraph(article, meta.byline)
    remove_media_labels(article)
    remove_side_columns(article)
    remove_link_blocks(article)
    remove_linked_edges(article)
    remove_promos(article)
    remove_boilerplate(article)
    lines = trim_edges(article)
    lines = remove_page_turns(remove_footer_block(article, lines))
    remove_headline_line(lines, meta.title)
    remove_repeated_elsewhere(article, page)
    remove_repeated_blocks(article, meta.title)
    tidy_figures(article)
    math_as_text(article)
    add_lead_image(article, meta.lead_image)
    clean = sanitize_html(lxml.html.tostring(article, encoding="unicode"), url)
    text = html_to_text(clean)
    if not text.strip():
        raise NoContentError("no readable text found on the page")
    return Extracted(
        title=meta.title or url,
        byline=meta.byline,
        published=meta.published,
        site_name=meta.site_name,
        lang=meta.lang,
        lead_image=meta.lead_image,
        canonical_url=meta.canonical_url,
        excerpt=meta.excerpt,
        html=clean,
        text=text,
        image_urls=tuple(image_sources(clean)),
        partial=is_partial(text, paywall),
    )
