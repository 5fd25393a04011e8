"""Markdown: one ``.md`` per article with YAML front matter, photos in a folder beside it.

The text is converted by markdownify from the stored HTML; photos go to
``<name>.assets/`` next to the article's file, linked by relative (percent-encoded)
paths; highlights and notes come in a section at the end.  File names come from the
titles, are safe on Windows, macOS and Linux, and never collide.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from markdownify import markdownify

from reader.exporters.content import extension, prepare, safe_name
from reader.models import Article, ArticleRecord, Status
from reader.output_files import atomic_folder


def _yaml(value: object) -> str:
    # A JSON string or list is a valid YAML flow scalar: quoting and escapes included.
    return json.dumps(value, ensure_ascii=False)


def front_matter(a: Article) -> str:
    fields: list[tuple[str, object]] = [
        ("title", a.title),
        ("url", a.url or a.given_url),
        ("byline", a.byline),
        ("site", a.site_name),
        ("published", a.published),
        ("saved", a.saved_at),
        ("tags", list(a.tags)),
    ]
    lines = [f"{key}: {_yaml(value)}" for key, value in fields if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _end_section(a: Article) -> str:
    if not a.highlights and not a.note:
        return ""
    parts = ["\n\n## Highlights and notes\n"]
    if a.note:
        parts.append(f"\n**Note:** {a.note}\n")
    for h in a.highlights:
        quote_md = "\n".join(f"> {line}" if line else ">" for line in h.quote.splitlines())
        parts.append(f"\n{quote_md}\n")
        if h.note:
            parts.append(f"\n{h.note}\n")
    return "".join(parts)


def article_markdown(record: ArticleRecord, assets: str) -> tuple[str, dict[str, str]]:
    """The article's Markdown and its photos' file names in ``assets`` (key -> name)."""
    images = {im.key: im for im in record.images}
    used: dict[str, str] = {}

    def image_src(key: str) -> str | None:
        if key not in images:
            return None
        name = used.setdefault(key, f"{len(used) + 1}.{extension(images[key].mime)}")
        return quote(f"{assets}/{name}")

    a = record.article
    prepared = prepare(a, image_src)
    body = markdownify(prepared.html, heading_style="ATX", bullets="-", escape_misc=False)
    body = "\n\n".join(p.strip() for p in body.split("\n\n") if p.strip())
    title = f"# {a.title}\n\n" if a.title else ""
    return front_matter(a) + "\n" + title + body + _end_section(a) + "\n", used


def write_markdown(records: Iterable[ArticleRecord], dest: Path) -> int:
    """Write the saved articles of ``records`` into the new folder ``dest``."""
    taken: set[str] = set()
    count = 0
    with atomic_folder(dest) as tmp:
        for record in records:
            if record.article.status is not Status.SAVED:
                continue
            stem = safe_name(record.article.title or "article", taken)
            assets = f"{stem}.assets"
            text, used = article_markdown(record, assets)
            (tmp / f"{stem}.md").write_text(text, "utf-8")
            if used:
                (tmp / assets).mkdir()
                images = {im.key: im for im in record.images}
                for key, name in used.items():
                    (tmp / assets / name).write_bytes(images[key].data)
            count += 1
    return count
