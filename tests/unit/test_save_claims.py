"""Claims on pending saves (reader.save_claims): one drain wins each article, claims of
a dead process or an old one are taken over, and a drain leaves what another one has."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from localsite import LocalSite
from test_import_queue import article_page

from reader.errors import ReaderError, SaveBusyError
from reader.library import Library
from reader.models import Claimant, ClaimHolder, Status
from reader.save_claims import STALE_AFTER, is_stale, new_claimant, stale_after
from reader.save_queue import SaveQueue
from reader.storage.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from reader.urls import url_key


def _pending(library: Library, urls: list[str]) -> list[int]:
    return [library.storage.add_pending(u, url_key(u)) for u in urls]


def _claims(library: Library) -> list[tuple[int, str, int]]:
    conn = sqlite3.connect(library.storage.path)
    try:
        rows = conn.execute("SELECT article_id, owner, pid FROM save_claims ORDER BY 1")
        return [(int(a), str(o), int(p)) for a, o, p in rows]
    finally:
        conn.close()


def _dead_pid() -> int:
    """The id of a process that ran and is gone (reaped, so not even a zombie)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=30)
    return child.pid


def test_of_two_claimants_exactly_one_wins_until_the_claim_is_given_back(
    library: Library,
) -> None:
    (article_id,) = _pending(library, ["http://127.0.0.1:9/a"])
    listed = library.queued([article_id])[article_id]
    first, second = new_claimant(), new_claimant()
    assert first.token != second.token and first.pid == second.pid == os.getpid()

    assert library.claim_save(listed, first)
    assert not library.claim_save(listed, second)  # the same live process: honoured
    assert not library.claim_save(listed, first)  # and never claimed twice
    assert _claims(library) == [(article_id, first.token, os.getpid())]

    library.release_saves(second)  # another's claim is not given back by this one
    assert len(_claims(library)) == 1
    library.release_saves(first, [article_id])
    assert _claims(library) == []
    assert library.claim_save(listed, second)  # still pending: the next one may take it


def test_an_article_saved_or_failed_since_it_was_listed_is_not_claimed(
    library: Library,
) -> None:
    pending, failed = _pending(library, ["http://127.0.0.1:9/p", "http://127.0.0.1:9/f"])
    library.storage.set_status(failed, Status.FAILED, "network_error: refused")
    listed = library.queued([pending, failed, 999])
    assert sorted(listed) == [pending, failed]  # an id not in the library is left out
    assert listed[failed].status is Status.FAILED

    # Another drain saved the pending one and failed the failed one again meanwhile.
    library.storage.set_status(pending, Status.SAVED)
    library.storage.set_status(failed, Status.FAILED, "network_error: refused")
    claimant = new_claimant()
    assert not library.claim_save(listed[pending], claimant)
    assert not library.claim_save(listed[failed], claimant)
    assert _claims(library) == []
    # As found now, the failed one may be retried.
    assert library.claim_save(library.queued([failed])[failed], claimant)


def test_the_claim_of_a_process_that_is_gone_is_taken_over(
    library: Library, site: LocalSite
) -> None:
    url = site.add("/crashed", article_page(1))
    (article_id,) = _pending(library, [url])
    me = new_claimant()
    crashed = Claimant("crashed-drain", me.machine, _dead_pid())
    assert library.claim_save(library.queued([article_id])[article_id], crashed)

    report = SaveQueue(library).drain()

    assert report.saved == (article_id,) and report.left == () and report.elsewhere == ()
    assert library.get(article_id).status is Status.SAVED
    assert site.log == ["/crashed"] and _claims(library) == []


def _age_claims(library: Library, minutes: int) -> None:
    stamp = (datetime.now(UTC) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    conn = sqlite3.connect(library.storage.path)
    with conn:
        conn.execute("UPDATE save_claims SET claimed_at = ?", (stamp,))
    conn.close()


def test_an_old_claim_of_a_live_process_is_taken_over(library: Library, site: LocalSite) -> None:
    url = site.add("/old", article_page(2))
    (article_id,) = _pending(library, [url])
    stuck = new_claimant()  # this very process: alive, but its claim gets old
    assert library.claim_save(library.queued([article_id])[article_id], stuck)

    _age_claims(library, 9)
    young = SaveQueue(library).drain()
    assert young.elsewhere == (article_id,) and site.log == []

    _age_claims(library, 11)
    report = SaveQueue(library).drain()
    assert report.saved == (article_id,) and site.log == ["/old"]
    assert library.get(article_id).status is Status.SAVED


def test_a_claim_on_another_machine_is_honoured_while_it_is_young(
    library: Library, site: LocalSite
) -> None:
    url = site.add("/far", article_page(3))
    (article_id,) = _pending(library, [url])
    # A process id that is gone here says nothing of a process on another machine.
    far = Claimant("far-drain", "another-machine.invalid", _dead_pid())
    assert library.claim_save(library.queued([article_id])[article_id], far)

    report = SaveQueue(library).drain()

    assert report.saved == () and report.elsewhere == (article_id,)
    assert site.log == [] and library.pending() == [article_id]


def test_a_drain_leaves_what_another_live_drain_claimed_and_counts_it_out(
    library: Library, site: LocalSite
) -> None:
    urls = [site.add(f"/q/{i}", article_page(i)) for i in range(4)]
    ids = _pending(library, urls)
    other = new_claimant()  # another drain, running in this process
    queued = library.queued(ids)
    assert library.claim_save(queued[ids[1]], other)
    progress: list[tuple[int, int, int]] = []
    results: dict[int, object] = {}

    report = SaveQueue(library, workers=1).drain(
        progress=lambda d, t, f: progress.append((d, t, f)),
        on_result=lambda i, r: results.__setitem__(i, r),
    )

    assert sorted(report.saved) == [ids[0], ids[2], ids[3]] and report.failed == ()
    assert report.left == (ids[1],) and report.elsewhere == (ids[1],)
    assert ids[1] not in results  # neither saved nor failed here
    assert progress[0] == (0, 4, 0) and progress[-1] == (3, 3, 0)
    assert all(d <= t for d, t, _ in progress)
    assert "/q/1" not in site.log and sorted(site.log) == ["/q/0", "/q/2", "/q/3"]
    assert library.pending() == [ids[1]]  # still the other drain's to save
    assert _claims(library) == [(ids[1], other.token, os.getpid())]  # ours are all back


def test_a_failed_save_gives_its_claim_back(library: Library, site: LocalSite) -> None:
    ids = _pending(library, [site.url("/missing")])
    results: dict[int, object] = {}

    report = SaveQueue(library).drain(on_result=lambda i, r: results.__setitem__(i, r))

    assert report.failed == tuple(ids) and isinstance(results[ids[0]], ReaderError)
    assert library.get(ids[0]).status is Status.FAILED and _claims(library) == []
    # ``reader retry`` takes it again at once: nothing holds it.
    again = SaveQueue(library).drain(ids)
    assert again.failed == tuple(ids) and site.log == ["/missing", "/missing"]


def test_ids_given_twice_are_saved_once(library: Library, site: LocalSite) -> None:
    ids = _pending(library, [site.add("/twice", article_page(4))])
    report = SaveQueue(library).drain([ids[0], ids[0]])
    assert report.saved == (ids[0],) and report.elsewhere == () and site.log == ["/twice"]


def test_a_drain_of_ids_not_in_the_library_still_reports_them(library: Library) -> None:
    report = SaveQueue(library).drain([4242])
    assert report.failed == (4242,) and report.elsewhere == ()
    assert _claims(library) == []


def test_claims_go_with_their_article(library: Library) -> None:
    (article_id,) = _pending(library, ["http://127.0.0.1:9/gone"])
    assert library.claim_save(library.queued([article_id])[article_id], new_claimant())
    library.delete([article_id])
    assert _claims(library) == []


STAMP = "2026-11-30T09:00:00.000000Z"


def _v10_library(folder: Path, pending_url: str) -> None:
    """A library file as schema 10 left it: a saved article with a tag, a highlight and
    a note, and a pending one."""
    folder.mkdir(parents=True)
    conn = sqlite3.connect(folder / "library.sqlite3")
    conn.execute("PRAGMA journal_mode = wal")
    for script in MIGRATIONS[:10]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 10")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    with conn:
        conn.execute(
            "INSERT INTO articles (id, given_url, url_key, url, title, word_count, saved_at,"
            " updated_at, sort_published, status, note) VALUES (1, 'https://example.com/a',"
            " 'example.com/a', 'https://example.com/a', 'The harbour', 5, ?, ?, ?, 'saved',"
            " 'read again')",
            (STAMP, STAMP, STAMP),
        )
        conn.execute(
            "INSERT INTO article_bodies VALUES (1, '<p>The ferry leaves the harbour.</p>',"
            " 'The ferry leaves the harbour.')"
        )
        conn.execute("INSERT INTO tags (id, name) VALUES (1, 'travel')")
        conn.execute("INSERT INTO article_tags VALUES (1, 1)")
        conn.execute(
            'INSERT INTO highlights (article_id, quote, start, "end", created_at, anchored)'
            " VALUES (1, 'ferry', 4, 9, ?, 1)",
            (STAMP,),
        )
        conn.execute(
            "INSERT INTO articles (id, given_url, url_key, saved_at, updated_at,"
            " sort_published, status) VALUES (2, ?, ?, ?, ?, ?, 'pending')",
            (pending_url, url_key(pending_url), STAMP, STAMP, STAMP),
        )
    conn.close()


def test_a_schema_10_library_upgrades_with_its_data_and_drains_with_claims(
    tmp_path: Path, site: LocalSite
) -> None:
    folder = tmp_path / "v10"
    _v10_library(folder, site.add("/left", article_page(5)))
    with Library.open(folder) as library:
        saved = library.get(1)
        assert saved.title == "The harbour" and saved.tags == ("travel",)
        assert saved.note == "read again" and [h.quote for h in saved.highlights] == ["ferry"]
        assert [h.article.id for h in library.search("harbour")] == [1]
        assert library.pending() == [2]
        report = SaveQueue(library).drain()
        assert report.saved == (2,) and library.get(2).title == "Story 5"
        assert _claims(library) == [] and library.check()[0].ok
    conn = sqlite3.connect(folder / "library.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 11
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_backup_holds_no_claims(library: Library, tmp_path: Path) -> None:
    (article_id,) = _pending(library, ["http://127.0.0.1:9/b"])
    assert library.claim_save(library.queued([article_id])[article_id], new_claimant())
    info = library.backup(tmp_path / "copy.sqlite3")
    conn = sqlite3.connect(info.path)
    try:
        assert conn.execute("SELECT count(*) FROM save_claims").fetchone()[0] == 0
        assert conn.execute("SELECT status FROM articles").fetchall() == [("pending",)]
    finally:
        conn.close()
    assert len(_claims(library)) == 1  # the library's own claim stays


def test_how_old_a_claim_of_a_live_process_may_grow() -> None:
    me = new_claimant()
    other = Claimant("other-drain", me.machine, os.getpid())  # alive: this process
    at = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    holder = ClaimHolder(other.token, other.machine, other.pid, "2026-12-01T12:00:00.000000Z")
    assert not is_stale(holder, me, at + timedelta(minutes=9))
    assert is_stale(holder, me, at + timedelta(minutes=11))
    # A save timeout configured longer than the default: three of it, not ten minutes.
    assert stale_after(180.0) == STALE_AFTER == timedelta(minutes=10)
    later = at + timedelta(minutes=11)
    assert not is_stale(holder, me, later, after=stale_after(400.0))
    assert is_stale(holder, me, at + timedelta(minutes=21), after=stale_after(400.0))
    assert not is_stale(holder, other, at + timedelta(days=1))  # never one's own
    assert is_stale(ClaimHolder("x", me.machine, me.pid, "not a stamp"), me, at)


def test_a_save_outside_the_queue_leaves_an_article_another_reader_is_saving(
    library: Library, site: LocalSite
) -> None:
    """The pane's Retry, ``reader add --refresh`` and an address added again claim their
    article like a drain; while another live Reader holds it they fetch nothing and
    change nothing, and say so in one line."""
    url = site.add("/story", article_page(1))
    saved = library.save(url).article_id
    before = library.get(saved)
    other = new_claimant()  # another drain of a live process holds the claim
    assert library.claim_save(library.queued([saved])[saved], other)
    fetched = len(site.log)

    for attempt in (lambda: library.retry(saved), lambda: library.save(url, refresh=True)):
        try:
            attempt()
        except SaveBusyError as exc:
            assert exc.one_line() == "busy: another Reader is saving this article right now"
            assert exc.article_id == saved
        else:
            raise AssertionError("the save went ahead while another Reader held it")
    assert len(site.log) == fetched  # nothing was fetched twice
    after = library.get(saved)
    assert (after.status, after.updated_at, after.html) == (
        before.status,
        before.updated_at,
        before.html,
    )
    assert _claims(library) == [(saved, other.token, os.getpid())]  # still the other's

    library.release_saves(other)
    assert library.retry(saved).article_id == saved  # once it is given back, it saves
    assert len(site.log) > fetched and _claims(library) == []  # and gives its claim back


def test_a_failed_address_added_again_claims_it_while_it_saves(
    library: Library, site: LocalSite
) -> None:
    url = site.add("/gone", "<html><body>gone</body></html>", status=404)
    with contextlib.suppress(ReaderError):
        library.save(url)
    (failed,) = library.unfinished()
    seen: list[list[tuple[int, str, int]]] = []

    def page(handler: BaseHTTPRequestHandler, _site: LocalSite) -> None:
        seen.append(_claims(library))  # while the page is fetched: the save holds it
        body = article_page(2).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    site.handle("/gone", page)
    assert library.save(url).article_id == failed
    assert library.get(failed).status is Status.SAVED
    assert [[(a, p) for a, _, p in claims] for claims in seen] == [[(failed, os.getpid())]]
    assert _claims(library) == []
