"""A library written by the first release (schema 3) opens in this one with nothing lost;
``reader check`` finds a damaged search index and ``--repair`` rebuilds it."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from reader.cli import main
from reader.library import Library
from reader.models import Status
from reader.storage.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

STAMP = "2024-05-01T10:00:00.000000Z"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def first_release_library(folder: Path) -> None:
    """A library file as the first release wrote it: its three migrations, its rows."""
    folder.mkdir(parents=True)
    conn = sqlite3.connect(folder / "library.sqlite3")
    conn.execute("PRAGMA journal_mode = wal")
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    with conn:
        conn.execute(
            "INSERT INTO articles (id, given_url, url_key, canonical_key, url, title, site_name,"
            " word_count, reading_minutes, saved_at, updated_at, sort_published, status,"
            " is_read, favourite, lead_image, has_thumbnail) VALUES (1, ?, ?, ?, ?, ?, ?, 9, 1,"
            " ?, ?, ?, 'saved', 1, 1, 'k1', 1)",
            ("https://example.com/ferry?utm_source=rss", "example.com/ferry",
             "example.com/ferry", "https://example.com/ferry?utm_source=rss",
             "Ferry timetable changes", "Example News", STAMP, STAMP, STAMP),
        )  # fmt: skip
        conn.execute(
            "INSERT INTO article_bodies VALUES (1, ?, ?)",
            ('<p>The ferry leaves earlier from the harbour.</p><img src="reader://image/k1">',
             "The ferry leaves earlier from the harbour."),
        )  # fmt: skip
        conn.execute(
            "INSERT INTO images (article_id, key, original_url, mime, width, height, data)"
            " VALUES (1, 'k1', 'https://example.com/ferry.jpg', 'image/jpeg', 64, 48, ?)",
            (_jpeg(),),
        )
        conn.execute("INSERT INTO thumbnails VALUES (1, ?)", (_jpeg(),))
        conn.execute("INSERT INTO tags (id, name) VALUES (1, 'travel'), (2, 'Zürich')")
        conn.execute("INSERT INTO article_tags VALUES (1, 1), (1, 2)")
        conn.execute(
            "INSERT INTO articles (id, given_url, url_key, saved_at, updated_at,"
            " sort_published, status, error) VALUES (2, 'https://example.com/gone',"
            " 'example.com/gone', ?, ?, ?, 'failed', 'http_error: the server answered HTTP 410')",
            (STAMP, STAMP, STAMP),
        )
    conn.close()


def test_a_first_release_library_upgrades_with_nothing_lost(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    first_release_library(folder)
    with Library.open(folder) as library:
        article = library.get(1)
        assert article.title == "Ferry timetable changes"
        assert article.text == "The ferry leaves earlier from the harbour."
        assert article.tags == ("travel", "Zürich")
        assert article.is_read and article.favourite and article.saved_at == STAMP
        assert article.url == "https://example.com/ferry"  # cleaned of tracking
        assert article.highlights == () and article.note is None
        image = library.image(1, "k1")
        assert image is not None and image.data == _jpeg()
        assert library.thumbnail(1) == _jpeg()
        failed = library.get(2)
        assert failed.status is Status.FAILED and failed.error is not None
        assert [h.article.id for h in library.search("harbour")] == [1]
        assert library.save("https://example.com/ferry/?utm_medium=x").existed
        assert library.check()[0].ok
    conn = sqlite3.connect(folder / "library.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_check_finds_a_damaged_index_and_repair_rebuilds_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "lib"
    first_release_library(folder)
    assert main(["--library", str(folder), "check"]) == 0
    out = capsys.readouterr().out
    assert out == "file: ok\nsearch index: ok (1 articles)\n"

    conn = sqlite3.connect(folder / "library.sqlite3")
    with conn:
        conn.execute("DELETE FROM article_fts WHERE rowid = 1")  # the index loses it
    conn.close()
    assert main(["--library", str(folder), "search", "harbour"]) == 0
    assert "no matches" in capsys.readouterr().err

    assert main(["--library", str(folder), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "file: ok" and "holds 0 articles, the library 1" in out[1]
    assert "--repair" in out[1]

    assert main(["--library", str(folder), "check", "--repair"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].endswith("rebuilt, now 1 articles")
    assert main(["--library", str(folder), "search", "harbour"]) == 0
    assert "Ferry timetable changes" in capsys.readouterr().out
