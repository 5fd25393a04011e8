"""The extraction pipeline: parse once, read metadata, resolve images, run readability, clean."""

from __future__ import annotations

from dataclasses import replace

import lxml.etree
import lxml.html
from readability.readability import Unparseable

from reader.errors import NoContentError
from reader.extraction.extracted import Extracted
from reader.extraction.metadata import clean_byline, find_byline_element, read_metadata
from reader.extraction.readable import StoryDocument
from reader.extraction.text import html_to_text
from reader.sanitizer import image_sources, sanitize_html, strip_control_chars


def parse(html: str) -> lxml.html.HtmlElement:
    """The document tree of ``html``; NoContentError if lxml can make nothing of it."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise NoContentError("the page could not be parsed as HTML") from exc
    if doc is None or not isinstance(doc.tag, str):
        raise NoContentError("the page could not be parsed as HTML")
    return doc


def extract(html: str, url: str) -> Extracted:
    """The story on the page ``html`` (decoded text) fetched from ``url``.

    Raises NoContentError when nothing readable is found; never anything else.
    """
    html = strip_control_chars(html)
    if not html.strip():
        raise NoContentError("the page is empty")
    doc = parse(html)
    meta = read_metadata(doc, url)
    if meta.byline is None and (found := find_byline_element(doc)) is not None:
        # The byline is shown apart from the story: take it out of the body.
        byline, element = found
        meta = replace(meta, byline=clean_byline(byline))
        if element.getparent() is not None:
            element.drop_tree()
    try:
        document = StoryDocument(doc, url=url)
        summary = document.summary(html_partial=True)
    except Unparseable as exc:
        raise NoContentError("no readable text found on the page") from exc
    clean = sanitize_html(summary, url)
    text = html_to_text(clean)
    return Extracted(
        title=meta.title,
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
    )
