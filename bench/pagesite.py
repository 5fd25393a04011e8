"""News pages with photos served from a local HTTP server in its own process.

``python bench/pagesite.py`` prints ``http://127.0.0.1:PORT`` on its first line, then
serves until its standard input closes.  Routes (every page differs, so none is a twin):

- ``/save/N.html``: a ~1,200-word article with five 1600x1067 JPEG photos
  (``/save/N/photo-K.jpg``), in the clutter of a real news page (nav, ads, related links);
- ``/bulk/N.html`` (N < 500): a 400 to 1,500-word article with two 800x533 photos.

The server runs in a separate process so that serving never competes with the code being
measured for Python's global interpreter lock, as a real web site would not.
"""

from __future__ import annotations

import sys
from html import escape

import common  # noqa: F401  (sets sys.path)
from corpus import Story, StoryWriter, vocabulary
from localsite import LocalSite, photo

SAVE_PAGES = 50
BULK_PAGES = 500


def page(story: Story, photos: list[str], published: str) -> str:
    """A news page: the story among navigation, share bars, ads and related links."""
    body: list[str] = []
    every = max(1, len(story.paragraphs) // max(1, len(photos)))
    pictures = iter(photos)
    for i, para in enumerate(story.paragraphs):
        if photos and i % every == 1:
            src = next(pictures, None)
            if src:
                body.append(
                    f'<figure class="wp-block-image"><img src="{src}" alt="A photo" '
                    f'loading="lazy"><figcaption>{escape(para[:80])} (Photo: Agency)'
                    f"</figcaption></figure>"
                )
        body.append(f"<p>{escape(para)}</p>")
        if i == 3:
            body.append('<div class="ad-slot inline"><span>Advertisement</span></div>')
    for src in pictures:
        body.append(f'<figure><img src="{src}" alt=""><figcaption>More</figcaption></figure>')
    sections = ("news", "sport", "business", "opinion", "culture", "science", "travel")
    nav = "".join(f'<li><a href="/section/{n}/">{n.title()}</a></li>' for n in sections)
    related = "".join(
        f'<li><a href="/related/{i}.html">Related story number {i}</a></li>' for i in range(12)
    )
    title = escape(story.title)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - {escape(story.site_name)}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{escape(story.site_name)}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{escape(story.byline)}">
<script>window.dataLayer = []; function track() {{}}</script>
<link rel="stylesheet" href="/static/site.css"></head>
<body><header class="site-header"><a class="logo" href="/">{escape(story.site_name)}</a>
<nav class="main-nav"><ul>{nav}</ul></nav></header>
<div class="ad-slot leaderboard"><span class="ad-label">Advertisement</span></div>
<main><article class="post"><h1 class="entry-title">{title}</h1>
<div class="byline">By <a rel="author" href="/author/x/">{escape(story.byline)}</a>
<time datetime="{published}">{published[:10]}</time></div>
<div class="share-bar"><a href="#">Share</a><a href="#">Tweet</a><a href="#">Email</a></div>
<div class="entry-content">{"".join(body)}</div></article>
<aside class="related"><h2>Related</h2><ul>{related}</ul></aside></main>
<footer class="site-footer"><p>Copyright the publisher. All rights reserved.</p>
<ul>{nav}</ul></footer></body></html>"""


def build(site: LocalSite) -> None:
    vocab = vocabulary()
    writer = StoryWriter(vocab, 4242)
    save_photos = [photo(1600, 1067, seed=700 + k) for k in range(5)]
    for n in range(SAVE_PAGES):
        srcs = [f"/save/{n}/photo-{k}.jpg" for k in range(5)]
        for src, data in zip(srcs, save_photos, strict=True):
            site.add(src, data, "image/jpeg")
        story = writer.story(1200, 1200)
        site.add(f"/save/{n}.html", page(story, srcs, "2026-05-04T10:00:00Z"))
    bulk_photos = [photo(800, 533, seed=800 + k) for k in range(8)]
    for n in range(BULK_PAGES):
        srcs = [f"/bulk/{n}/photo-{k}.jpg" for k in range(2)]
        for k, src in enumerate(srcs):
            site.add(src, bulk_photos[(n + k) % len(bulk_photos)], "image/jpeg")
        site.add(f"/bulk/{n}.html", page(writer.story(400, 1500), srcs, "2026-05-05T08:00:00Z"))


def main() -> int:
    site = LocalSite()
    build(site)
    site.start()
    print(f"http://{site.host}", flush=True)
    sys.stdin.read()  # until the parent closes the pipe
    site.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
