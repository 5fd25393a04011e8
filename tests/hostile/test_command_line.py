"""The command line against a batch of hostile addresses: one clear line each, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hostile_checks import page, story
from hostile_server import png_bomb, reset, stall
from localsite import LocalSite, photo

ROOT = Path(__file__).resolve().parents[2]


def test_one_clear_line_per_hostile_address(site: LocalSite, tmp_path: Path) -> None:
    site.add("/hostile/harbour.jpg", photo(800, 500, seed=4), "image/jpeg")
    site.add("/bomb.png", png_bomb(), "image/png")
    body = f'<html><head><title>Ok</title></head><body><article><img src="/bomb.png">{story(4)}'
    expected = {
        site.add("/markup", page("markup.html", site.host)): None,
        site.add("/bomb-page", body + "</article></body></html>"): None,
        site.redirect("/loop", "/loop"): "redirect_loop",
        site.redirect("/file", "file:///etc/passwd"): "unsafe_scheme",
        site.add("/gone", "gone", status=410): "http_error",
        site.add("/pdf", b"%PDF-1.7\n", "application/pdf"): "not_html",
        site.add("/empty", b"", "text/html"): "no_content",
        site.handle("/reset", reset): "network_error",
        site.handle("/huge", stall("text/html", b"<html>", 900 * 1024 * 1024)): "too_large",
        "javascript:alert(document.cookie)": "unsafe_scheme",
        "http://exa mple.com/": "invalid_url",
    }
    library = tmp_path / "library"

    proc = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(library), "add", "--json", *expected],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        timeout=120,
    )

    assert proc.returncode == 1  # some failed; the process ran to the end
    assert b"Traceback" not in proc.stderr
    results = {r["input"]: r for r in map(json.loads, proc.stdout.decode().splitlines())}
    assert set(results) == set(expected)
    for target, category in expected.items():
        result = results[target]
        if category is None:
            assert result["ok"], result
        else:
            assert not result["ok"] and result["error"] == category, result
            assert "\n" not in result["message"]
    notes = results[site.url("/bomb-page")]["notes"]
    assert any("decompression bomb" in n for n in notes), notes

    listed = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(library), "list", "--json"],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        timeout=60,
        check=True,
    )
    rows = json.loads(listed.stdout)
    # Every real address is kept, saved or failed; what is not an address is not.
    not_addresses = {"javascript:alert(document.cookie)", "http://exa mple.com/"}
    assert {r["given_url"] for r in rows} == set(expected) - not_addresses
    for target in not_addresses:
        assert results[target]["id"] is None
