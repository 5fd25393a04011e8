"""Self-contained HTML: pages that open in any browser offline, with nothing remote.

Photos are ``data:`` URIs, the style sheet is inline, and no script, font, frame or
remote image is referenced; links to the original article stay links.  One file per
article in a folder, or one file for the whole selection.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from html import escape
from pathlib import Path

from reader.exporters.content import Note, prepare, safe_name, valid_lang
from reader.exporters.page import CSS, end_notes, heading
from reader.models import ArticleRecord, Status
from reader.output_files import atomic_file, atomic_folder


def article_section(record: ArticleRecord, number: int = 1) -> str:
    """One article as an ``<article>`` element, its photos inline."""
    images = {im.key: im for im in record.images}

    def data_uri(key: str) -> str | None:
        im = images.get(key)
        if im is None:
            return None
        return f"data:{im.mime};base64,{base64.b64encode(im.data).decode('ascii')}"

    def note_ref(note: Note) -> str:
        return f'<a class="noteref" href="#{note.anchor}">{note.number}</a>'

    prepared = prepare(
        record.article, data_uri, note_id=lambda n: f"a{number}-note-{n}", note_ref=note_ref
    )
    lang = valid_lang(record.article.lang) or ""
    return (
        f'<article lang="{lang}" id="article-{number}">'
        + heading(record.article)
        + prepared.html
        + end_notes(prepared, epub=False)
        + "</article>"
    )


def page(title: str, body: str, lang: str | None) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{valid_lang(lang) or "en"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="Reader">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def _saved(records: Iterable[ArticleRecord]) -> Iterable[ArticleRecord]:
    return (r for r in records if r.article.status is Status.SAVED)


def write_html_file(records: Iterable[ArticleRecord], dest: Path) -> int:
    """Every saved article of ``records`` in one file, with a contents list at the top."""
    sections: list[str] = []
    items: list[str] = []
    lang = None
    for number, record in enumerate(_saved(records), 1):
        lang = lang or record.article.lang
        sections.append(article_section(record, number))
        title = escape(record.article.title or record.article.given_url)
        items.append(f'<li><a href="#article-{number}">{title}</a></li>')
    contents = f"<nav><h1>Contents</h1><ol>{''.join(items)}</ol></nav>" if len(items) > 1 else ""
    title = "Reader export" if len(items) != 1 else "Reader: 1 article"
    with atomic_file(dest) as tmp:
        tmp.write_text(page(title, contents + "".join(sections), lang), "utf-8")
    return len(sections)


def write_html_folder(records: Iterable[ArticleRecord], dest: Path) -> int:
    """One ``.html`` file per saved article in the new folder ``dest``."""
    taken: set[str] = set()
    count = 0
    with atomic_folder(dest) as tmp:
        for record in _saved(records):
            a = record.article
            name = safe_name(a.title or "article", taken) + ".html"
            body = article_section(record)
            (tmp / name).write_text(page(a.title or a.given_url, body, a.lang), "utf-8")
            count += 1
    return count
