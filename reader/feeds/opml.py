"""OPML subscription lists: read by listparser (folders become tags), written by ElementTree.

Bytes in, ``OpmlFeed`` items out.  The bytes are screened like a feed's first (no entity
declarations), and listparser is only ever given bytes, never a string it could take for
an address to fetch.  Raises ``UsageError`` for a file that holds no subscription list.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from reader.errors import InvalidURLError, UnsafeSchemeError, UsageError
from reader.feeds.models import Feed
from reader.feeds.parsing import screen_xml
from reader.fetcher import check_url

MAX_OPML_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    url: str
    title: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OpmlList:
    feeds: tuple[OpmlFeed, ...]
    skipped: tuple[str, ...]  # addresses that are not http(s) feeds


def read_opml(data: bytes) -> OpmlList:
    """The subscriptions in an OPML document; folders (nested outlines) become tags."""
    import listparser

    if len(data) > MAX_OPML_BYTES:
        raise UsageError("the OPML file is larger than 10 MB")
    screen_xml(data)
    result = listparser.parse(bytes(data))
    if not result.get("version") and not result.get("feeds"):
        raise UsageError("the file is not an OPML subscription list")
    feeds: list[OpmlFeed] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for item in result.get("feeds", []):
        raw = str(item.get("url") or "")
        try:
            url = check_url(raw)
        except (InvalidURLError, UnsafeSchemeError):
            skipped.append(raw[:200])
            continue
        if url in seen:
            continue
        seen.add(url)
        tags: list[str] = []
        for path in item.get("categories") or []:
            for name in path:
                name = " ".join(str(name).split())
                if name and name not in tags:
                    tags.append(name)
        for name in item.get("tags") or []:
            name = " ".join(str(name).split())
            if name and name not in tags:
                tags.append(name)
        feeds.append(OpmlFeed(url, " ".join(str(item.get("title") or "").split()), tuple(tags)))
    return OpmlList(tuple(feeds), tuple(skipped))


def write_opml(feeds: Iterable[Feed], title: str = "Reader subscriptions") -> bytes:
    """An OPML 2.0 document: one outline per feed, in a folder named after its first tag,
    with all its tags in the ``category`` attribute."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in feeds:
        parent = body
        if feed.tags:
            first = feed.tags[0]
            if first not in folders:
                folders[first] = ET.SubElement(body, "outline", text=first, title=first)
            parent = folders[first]
        attrs = {"type": "rss", "text": feed.title or feed.url, "title": feed.title or feed.url}
        attrs["xmlUrl"] = feed.url
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        if feed.tags:  # every tag, in order (the folder alone would only say the first)
            attrs["category"] = ",".join(t.replace(",", " ") for t in feed.tags)
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"
