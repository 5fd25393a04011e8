"""Feeds and story pages of our own making, served by LocalSite, for the feed tests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler

from localsite import LocalSite


def story_page(title: str, words: str = "The harbour council voted on the ferry plan") -> str:
    sentence = f"{words}, and residents gathered to hear the long debate that followed. "
    paragraphs = "\n".join(f"<p>{sentence * 4}</p>" for _ in range(6))
    return (
        f"<html><head><title>{escape(title)}</title></head><body><article>"
        f"<h1>{escape(title)}</h1>{paragraphs}</article></body></html>"
    )


def rss(items: list[dict[str, str]], title: str = "Harbour News", head: str = "") -> str:
    """RSS 2.0 with one <item> per dict: keys title, link, guid, description, pubDate."""
    parts = []
    for item in items:
        fields = "".join(
            f"<{k}>{escape(v)}</{k}>"
            for k, v in item.items()
            if k in ("title", "link", "guid", "description", "pubDate")
        )
        parts.append(f"<item>{fields}</item>")
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link>"
        + "".join(parts)
        + "</channel></rss>"
    )


def add_stories(site: LocalSite, prefix: str, n: int, start: int = 0) -> list[dict[str, str]]:
    """Serve ``n`` story pages under ``prefix``; returns their feed items (newest first)."""
    items = []
    for i in range(start, start + n):
        path = f"{prefix}/story-{i}"
        site.add(path, story_page(f"Story number {i}", f"Story {i} tells of the harbour"))
        items.append(
            {
                "title": f"Story number {i}",
                "link": site.url(path),
                "guid": f"{prefix}-guid-{i}",
                "description": f"<p>Summary of story {i}, with enough words to read.</p>",
            }
        )
    return list(reversed(items))


@dataclass
class ConditionalFeed:
    """A feed that answers 304 to the right If-None-Match and records request headers."""

    body: bytes
    etag: str = '"v1"'
    last_modified: str = "Tue, 01 Dec 2026 08:00:00 GMT"
    requests: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, h: BaseHTTPRequestHandler, site: LocalSite) -> None:
        with self.lock:
            self.requests.append({k.lower(): v for k, v in h.headers.items()})
        if h.headers.get("If-None-Match") == self.etag:
            h.send_response(304)
            h.send_header("ETag", self.etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        h.send_header("ETag", self.etag)
        h.send_header("Last-Modified", self.last_modified)
        h.send_header("Content-Length", str(len(self.body)))
        h.end_headers()
        h.wfile.write(self.body)
