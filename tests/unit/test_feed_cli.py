"""``reader feed ...`` end to end: a local server, a real library folder, the JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from feedsite import add_stories, rss
from localsite import LocalSite

from reader.cli import main

FEED_KEYS = {
    "id", "title", "url", "site", "tags", "last_update", "last_error", "unread_count",
    "paused", "failures", "keep", "days", "interval", "last_check", "next_check",
}  # fmt: skip
UPDATE_KEYS = {"id", "url", "ok", "status", "new", "saved", "failed", "error", "message"}


def run(capsys: pytest.CaptureFixture[str], library_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_update_remove(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite
) -> None:
    items = add_stories(site, "/news", 2)
    url = site.add("/feed.xml", rss(items), "application/rss+xml")

    code, out, err = run(capsys, library_dir, "feed", "add", url, "--tag", "harbour", "--keep", "5")
    assert code == 0, err
    assert out == f"1\tHarbour News\t{url}\n  2 new, 2 saved, 0 failed\n"

    code, out, _ = run(capsys, library_dir, "feed", "list", "--json")
    (row,) = json.loads(out)
    assert set(row) >= FEED_KEYS
    assert (row["id"], row["title"], row["url"], row["tags"]) == (
        1,
        "Harbour News",
        url,
        ["harbour"],
    )
    assert row["unread_count"] == 2 and row["keep"] == 5 and row["last_error"] is None
    assert row["last_update"] is not None and row["site"] == "http://example.org/"

    code, out, _ = run(capsys, library_dir, "feed", "list")
    assert out.startswith("1\tHarbour News\t2 unread · updated ") and "#harbour" in out

    site.add(
        "/feed.xml", rss(add_stories(site, "/news", 1, start=2) + items), "application/rss+xml"
    )
    code, out, _ = run(capsys, library_dir, "feed", "update", "--json")
    assert code == 0 and out == ""  # not due yet
    code, out, _ = run(capsys, library_dir, "feed", "update", "1", "--json")
    result = json.loads(out)
    assert set(result) >= UPDATE_KEYS
    assert (result["ok"], result["status"], result["new"], result["saved"]) == (True, 200, 1, 1)
    assert result["error"] is None and result["message"] is None

    code, out, _ = run(capsys, library_dir, "list", "--tag", "harbour")
    assert len(out.splitlines()) == 3

    code, out, _ = run(capsys, library_dir, "feed", "remove", "1")
    assert code == 0 and out == "removed feed 1: 3 stories deleted, 0 kept\n"
    code, out, _ = run(capsys, library_dir, "list")
    assert out == ""


def test_update_failures_are_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite
) -> None:
    url = site.add("/feed.xml", rss([]), "application/rss+xml")
    run(capsys, library_dir, "feed", "add", url)
    site.add("/feed.xml", "<html><body><p>moved on</p></body></html>", "text/html")

    code, out, err = run(capsys, library_dir, "feed", "update", "1")
    assert code == 1 and out == ""
    assert err == f"error: not_a_feed: feed 1: {url}: the address is a web page, not a feed\n"

    code, out, _ = run(capsys, library_dir, "feed", "update", "1", "--json")
    result = json.loads(out)
    assert (result["ok"], result["status"], result["error"]) == (False, None, "not_a_feed")
    assert result["message"] == "the address is a web page, not a feed"

    code, out, _ = run(capsys, library_dir, "feed", "list", "--json")
    assert json.loads(out)[0]["last_error"].startswith("not_a_feed: ")


def test_add_errors(capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite) -> None:
    code, _, err = run(capsys, library_dir, "feed", "add", "file:///etc/passwd")
    assert code == 1 and err.startswith("error: unsafe_scheme: ")

    home = site.add("/", "<html><body><p>No feed</p></body></html>")
    code, _, err = run(capsys, library_dir, "feed", "add", home)
    assert code == 1 and err.startswith("error: not_a_feed: ")

    code, _, err = run(capsys, library_dir, "feed", "remove", "9")
    assert code == 1 and err == "error: not_found: no feed 9\n"

    code, _, err = run(capsys, library_dir, "feed", "add", site.url("/x"), "--keep", "0")
    assert code == 2 and err.startswith("error: usage: --keep")


def test_opml_import_and_export(
    capsys: pytest.CaptureFixture[str], library_dir: Path, site: LocalSite, tmp_path: Path
) -> None:
    site.add("/a.xml", rss(add_stories(site, "/a", 1), title="Alpha"), "application/rss+xml")
    site.add("/b.xml", rss([], title="Beta"), "application/rss+xml")
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        f'<outline text="Local"><outline text="Alpha" type="rss" xmlUrl="{site.url("/a.xml")}"/>'
        f'</outline><outline text="Beta" type="rss" xmlUrl="{site.url("/b.xml")}"/>'
        '<outline text="Evil" type="rss" xmlUrl="file:///etc/passwd"/></body></opml>',
        "utf-8",
    )

    code, out, err = run(capsys, library_dir, "feed", "import", str(opml))
    assert code == 1  # one outline was not an http(s) feed
    assert out.splitlines()[:2] == [
        f"1\tAlpha\t{site.url('/a.xml')}",
        f"2\tBeta\t{site.url('/b.xml')}",
    ]
    assert err == "error: invalid_url: file:///etc/passwd: not an http(s) feed address\n"

    code, out, _ = run(capsys, library_dir, "feed", "update", "--json")
    results = [json.loads(line) for line in out.splitlines()]
    assert [(r["id"], r["new"], r["saved"]) for r in results] == [(1, 1, 1), (2, 0, 0)]

    code, out, _ = run(capsys, library_dir, "feed", "import", str(opml))
    assert "(already subscribed)" in out

    target = tmp_path / "out.opml"
    code, out, _ = run(capsys, library_dir, "feed", "export", str(target))
    assert code == 0 and out == f"2 feeds written to {target}\n"
    text = target.read_text("utf-8")
    assert site.url("/a.xml") in text and 'category="Local"' in text

    code, out, _ = run(capsys, library_dir, "feed", "list", "--json")
    assert [(f["title"], f["tags"]) for f in json.loads(out)] == [
        ("Alpha", ["Local"]),
        ("Beta", []),
    ]


def test_import_of_a_missing_file(capsys: pytest.CaptureFixture[str], library_dir: Path) -> None:
    code, _, err = run(capsys, library_dir, "feed", "import", "/nonexistent/x.opml")
    assert code == 2 and err.startswith("error: usage: cannot read /nonexistent/x.opml")
