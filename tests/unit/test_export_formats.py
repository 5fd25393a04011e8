"""Markdown, self-contained HTML, bookmarks and CSV exports; files written whole or not at all."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
from sample_library import PLACED_NOTE, TITLE, UNPLACED_QUOTE, Sample, build

from reader.errors import ExportError, NotFoundError, ReaderError
from reader.exporters import export
from reader.exporters.content import safe_name
from reader.exporters.markdown import write_markdown
from reader.library import Library
from reader.models import ArticleRecord

FORBIDDEN = set('<>:"/\\|?*')
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build(tmp_path_factory.mktemp("formats") / "library")


@pytest.fixture
def library(sample: Sample) -> Iterator[Library]:
    with Library.open(sample.folder) as lib:
        yield lib


def _front_matter(text: str) -> dict[str, object]:
    head, sep, _ = text.removeprefix("---\n").partition("\n---\n")
    assert text.startswith("---\n") and sep
    fields = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        fields[key] = json.loads(value)  # each value is a JSON (so YAML) scalar or list
    return fields


def test_markdown_of_one_article_has_front_matter_photos_and_highlights(
    library: Library, sample: Sample, tmp_path: Path
) -> None:
    dest = tmp_path / "md"
    assert export(library, [sample.story], "markdown", dest).articles == 1
    (md,) = dest.glob("*.md")
    assert not FORBIDDEN & set(md.stem)
    assert md.stem.startswith("Zürich- “Cafés”")
    text = md.read_text("utf-8")
    meta = _front_matter(text)
    assert meta["title"] == TITLE and meta["tags"] == ["world", "Ünïcode"]
    assert meta["site"] == "The Columbian" and str(meta["published"]).startswith("2024-07-31")
    assert set(meta) == {"title", "url", "byline", "site", "published", "saved", "tags"}
    links = IMAGE_LINK.findall(text)
    assert len(links) == 2
    for link in links:
        assert (md.parent / unquote(link)).is_file()  # relative, and it resolves
    assert "Iranian protesters hold posters" in text  # the caption
    end = text[text.index("## Highlights and notes") :]
    assert "> Antony Blinken, speaking on an Asia trip" in end and PLACED_NOTE in end
    assert UNPLACED_QUOTE in end and "Read again before the trip" in end
    assert "<" not in text.split("---\n", 2)[2].replace("<draft>", "")  # Markdown, not HTML


def test_markdown_names_never_collide_and_suit_every_file_system(
    library: Library, sample: Sample, tmp_path: Path
) -> None:
    dest = tmp_path / "batch"
    assert export(library, list(sample.batch), "markdown", dest).articles == 50
    names = [p.stem for p in dest.glob("*.md")]
    assert len(names) == 50
    folded = {unicodedata.normalize("NFC", n).casefold() for n in names}
    assert len(folded) == 50  # distinct even on case-insensitive file systems
    for name in names:
        assert not FORBIDDEN & set(name) and not name.endswith((".", " "))
        assert name.split(".")[0].lower() not in {"con", "prn", "aux", "nul"}
        assert len(name.encode()) <= 100
    photos = 0
    for md in dest.glob("*.md"):
        for link in IMAGE_LINK.findall(md.read_text("utf-8")):
            assert (dest / unquote(link)).is_file(), link
            photos += 1
    assert photos == 75


def test_safe_names_for_hostile_titles() -> None:
    taken: set[str] = set()
    assert safe_name("...", taken) == "article"
    assert safe_name("Article", taken) == "Article (2)"
    assert safe_name("nul.txt", taken) == "nul.txt article"
    long = safe_name("é" * 300, taken)
    assert len(long.encode()) <= 100 and long == "é" * 50
    # The same title in another Unicode form is the same name on macOS.
    assert safe_name(unicodedata.normalize("NFD", "é" * 300), taken) != long


def test_html_files_are_self_contained(library: Library, sample: Sample, tmp_path: Path) -> None:
    dest = tmp_path / "html"
    assert export(library, [sample.story, *sample.batch], "html", dest).articles == 51
    files = list(dest.glob("*.html"))
    assert len(files) == 51
    story = next(f for f in files if f.name.startswith("Zürich"))
    _assert_nothing_remote(story)
    doc = lxml.html.parse(str(story)).getroot()
    assert doc.findtext(".//title") == TITLE
    marks = {m.text_content() for m in doc.iter("mark")}
    assert marks == {"Antony Blinken, speaking on an Asia trip", "Iranian protesters hold posters"}
    assert len(doc.findall(".//figure/img")) == 2
    for f in files:
        _assert_nothing_remote(f)


def test_one_html_file_for_a_selection(library: Library, sample: Sample, tmp_path: Path) -> None:
    dest = tmp_path / "all.html"
    assert export(library, list(sample.batch), "html", dest).articles == 50
    doc = _assert_nothing_remote(dest)
    assert len(doc.findall(".//article")) == 50
    assert len(doc.findall(".//nav//li/a")) == 50


def _assert_nothing_remote(path: Path) -> lxml.html.HtmlElement:
    doc = lxml.html.parse(str(path)).getroot()
    assert not doc.findall(".//script") and not doc.findall(".//link")
    assert not doc.findall(".//iframe") and not doc.findall(".//object")
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("src", "srcset", "poster", "data", "background"):
            value = el.get(attr)
            assert value is None or value.startswith("data:image/"), (el.tag, value)
        href = el.get("href")
        assert href is None or el.tag == "a", el.tag  # links to the original stay links
    style = "".join(s.text_content() for s in doc.iter("style"))
    assert "url(" not in style and "@import" not in style
    assert doc.findall(".//img")
    return doc


def test_bookmarks_keep_titles_tags_and_dates(
    library: Library, sample: Sample, tmp_path: Path
) -> None:
    dest = tmp_path / "bookmarks.html"
    ids = library.selection()
    assert export(library, ids, "bookmarks", dest).articles == 53
    text = dest.read_text("utf-8")
    assert text.startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")
    links = lxml.html.fromstring(text).findall(".//a")
    assert len(links) == 53
    story = next(a for a in links if a.text_content() == TITLE)
    assert story.get("tags") == "world,Ünïcode" and int(story.get("add_date")) > 1_700_000_000
    assert next(a for a in links if a.get("href") == "https://later.example/a") is not None


def test_csv_has_pockets_shape(library: Library, sample: Sample, tmp_path: Path) -> None:
    dest = tmp_path / "pocket.csv"
    assert export(library, list(sample.batch), "csv", dest).articles == 50
    with dest.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["title", "url", "time_added", "tags", "status"]
    by_url = {r["url"]: r for r in rows}
    first = by_url["https://news.example/0/story"]
    assert first["title"] == "CON" and first["tags"] == "batch|even"
    assert first["status"] == "archive" and by_url["https://news.example/1/story"]["status"] == (
        "unread"
    )
    assert int(first["time_added"]) == 1735725600  # 2025-01-01T10:00:00Z


def test_selection_by_tag_search_and_ids(library: Library, sample: Sample) -> None:
    assert len(library.selection(tag="even")) == 25
    assert library.selection(query="Blinken") == [sample.story]
    assert library.selection([sample.story, sample.story]) == [sample.story]
    with pytest.raises(NotFoundError):
        library.selection([99_999])


def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(
    library: Library, sample: Sample, tmp_path: Path
) -> None:
    dest = tmp_path / "out"
    old = tmp_path / "old.epub"
    old.write_bytes(b"the export of last week")

    def broken() -> Iterator[ArticleRecord]:
        yield library.article_record(sample.story)
        raise ExportError("the disk is full")  # what an interrupted write meets

    with pytest.raises(ExportError):
        write_markdown(broken(), dest)
    from reader.exporters.epub import write_epub

    with pytest.raises(ExportError):
        write_epub(broken(), old)
    assert not dest.exists() and old.read_bytes() == b"the export of last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.epub"]  # no temporary left

    with pytest.raises(ExportError, match="cannot write") as info:
        export(library, [sample.story], "epub", tmp_path / "missing" / "x.epub")
    assert "\n" not in str(info.value) and isinstance(info.value, ReaderError)
    with pytest.raises(ExportError, match="not an empty folder"):
        export(library, [sample.story], "markdown", tmp_path)


KILLED_WRITER = """
import sys
from pathlib import Path
from reader.exporters.archive import write_archive
from reader.library import Library

library = Library.open(Path(sys.argv[1]))

def records():
    for article_id in library.selection():
        yield library.article_record(article_id)
        print("written", flush=True)
        sys.stdin.readline()  # the test kills the process here, mid-export

write_archive(records(), Path(sys.argv[2]))
"""


def test_a_killed_export_leaves_nothing_under_the_final_name(
    sample: Sample, tmp_path: Path
) -> None:
    dest = tmp_path / "library.zip"
    command = [sys.executable, "-c", KILLED_WRITER, str(sample.folder), str(dest)]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as writer:
        assert writer.stdout is not None
        for _ in range(3):
            assert writer.stdout.readline() == "written\n"
            assert writer.stdin is not None
            writer.stdin.write("\n")
            writer.stdin.flush()
        assert writer.stdout.readline() == "written\n"
        writer.kill()
        writer.wait(timeout=30)
    assert not dest.exists()
    (partial,) = tmp_path.iterdir()  # only the hidden temporary, never "library.zip"
    assert partial.name.startswith(".library.zip.") and partial.name.endswith(".part")
