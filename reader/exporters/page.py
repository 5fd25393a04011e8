"""The pieces an exported article page is made of (EPUB chapters, HTML files): the
heading block, the notes and highlights at the end, and the style sheet."""

from __future__ import annotations

from html import escape

from reader.exporters.content import Prepared
from reader.models import Article

CSS = """\
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.55; margin: 0 auto;
  max-width: 40em; padding: 1em; color: #1d1d1f; background: #fff; }
header.article-head { border-bottom: 1px solid #ccc; margin-bottom: 1.5em; }
header.article-head h1 { font-size: 1.7em; line-height: 1.2; margin: 0.2em 0 0.4em; }
header.article-head p { margin: 0.2em 0; color: #555; font-size: 0.9em; }
figure { margin: 1.2em 0; }
img { max-width: 100%; height: auto; }
figcaption { font-size: 0.85em; color: #555; margin-top: 0.3em; }
blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid #ccc; }
mark.highlight { background: #fff2a8; color: inherit; }
mark.green { background: #c8f0c0; } mark.blue { background: #c6e2ff; }
mark.pink { background: #ffd1e3; } mark.purple { background: #e3d1ff; }
a.noteref { font-size: 0.75em; vertical-align: super; text-decoration: none; }
section.end-notes { border-top: 1px solid #ccc; margin-top: 2em; font-size: 0.9em; }
aside.note p { margin: 0.4em 0; }
"""


def _date(value: str | None) -> str:
    return value[:10] if value else ""


def heading(article: Article) -> str:
    """Title, byline, site and date, the original address, tags and the person's note."""
    url = article.url or article.given_url
    parts = [f"<h1>{escape(article.title or url)}</h1>"]
    if article.byline:
        parts.append(f'<p class="byline">{escape(article.byline)}</p>')
    meta = " · ".join(x for x in (article.site_name or "", _date(article.published)) if x)
    if meta:
        parts.append(f'<p class="meta">{escape(meta)}</p>')
    if url.startswith(("http://", "https://")):
        parts.append(f'<p class="source"><a href="{escape(url)}">{escape(url)}</a></p>')
    if article.tags:
        parts.append(f'<p class="tags">Tags: {escape(", ".join(article.tags))}</p>')
    if article.note:
        parts.append(f'<p class="article-note">Note: {escape(article.note)}</p>')
    return '<header class="article-head">' + "".join(parts) + "</header>"


def end_notes(prepared: Prepared, *, epub: bool) -> str:
    """Highlight notes (EPUB footnotes in a book) and quotes not found in the text."""
    parts: list[str] = []
    kind = ' epub:type="footnote"' if epub else ""
    for note in prepared.notes:
        parts.append(
            f'<aside class="note" id="{note.anchor}"{kind}><p>{note.number}. '
            f"{escape(note.text)}</p><p>“{escape(note.quote)}”</p></aside>"
        )
    if prepared.unplaced:
        parts.append("<h2>Highlights not found in the text</h2>")
        for h in prepared.unplaced:
            extra = f"<p>{escape(h.note)}</p>" if h.note else ""
            parts.append(f"<blockquote><p>{escape(h.quote)}</p>{extra}</blockquote>")
    if not parts:
        return ""
    title = "<h2>Notes</h2>" if prepared.notes else ""
    return f'<section class="end-notes">{title}{"".join(parts)}</section>'
