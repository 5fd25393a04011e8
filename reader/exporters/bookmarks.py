"""Netscape bookmarks (the HTML every browser and read-later service imports), with tags
and dates, and Pocket's CSV (``title,url,time_added,tags,status``)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from html import escape
from pathlib import Path

from reader.models import ArticleRecord
from reader.output_files import atomic_file


def _unix(stamp: str) -> int:
    try:
        return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return 0


def write_bookmarks(records: Iterable[ArticleRecord], dest: Path) -> int:
    lines = [
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>",
        "<!-- This is an automatically generated file. It will be read and overwritten. -->",
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">',
        "<TITLE>Bookmarks</TITLE>",
        "<H1>Reader</H1>",
        "<DL><p>",
    ]
    count = 0
    for record in records:
        a = record.article
        url = a.url or a.given_url
        added, changed = _unix(a.saved_at), _unix(a.updated_at)
        tags = escape(",".join(a.tags))
        lines.append(
            f'    <DT><A HREF="{escape(url)}" ADD_DATE="{added}" LAST_MODIFIED="{changed}" '
            f'TAGS="{tags}">{escape(a.title or url)}</A>'
        )
        if a.excerpt:
            lines.append(f"    <DD>{escape(a.excerpt)}")
        count += 1
    lines.append("</DL><p>")
    with atomic_file(dest) as tmp:
        tmp.write_text("\n".join(lines) + "\n", "utf-8")
    return count


def write_pocket_csv(records: Iterable[ArticleRecord], dest: Path) -> int:
    """Pocket's export shape: tags joined by ``|``, status ``unread`` or ``archive``."""
    count = 0
    with atomic_file(dest) as tmp, tmp.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["title", "url", "time_added", "tags", "status"])
        for record in records:
            a = record.article
            status = "archive" if a.archived else "unread"
            url = a.url or a.given_url
            out.writerow([a.title or url, url, _unix(a.saved_at), "|".join(a.tags), status])
            count += 1
    return count
