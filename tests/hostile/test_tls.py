"""HTTPS: a certificate Reader cannot verify is a clear network error, and the deadline
holds over TLS as over plain HTTP.

The server's certificate and key are test fixtures (tests/data/hostile/tls-*.pem,
self-signed for 127.0.0.1); trusting them goes through ``SSL_CERT_FILE``, as a person
behind a company proxy would.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_checks import HOSTILE, TEST_FETCH_LIMITS, TEST_SAVE_LIMITS, save_outcome, story
from hostile_server import drip
from localsite import LocalSite

from reader.library import Library
from reader.models import Status

CERT = HOSTILE / "tls-cert.pem"
KEY = HOSTILE / "tls-key.pem"


@pytest.fixture
def tls_site() -> Iterator[LocalSite]:
    s = LocalSite()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT, KEY)
    s.server.socket = context.wrap_socket(s.server.socket, server_side=True)
    s.start()
    try:
        yield s
    finally:
        s.stop()


def _https(site: LocalSite, path: str) -> str:
    return site.url(path).replace("http://", "https://", 1)


def test_an_unverifiable_certificate_is_a_network_error(
    tls_site: LocalSite, hostile_library: Library
) -> None:
    tls_site.add("/story", f"<html><body><article>{story(3)}</article></body></html>")

    outcome = save_outcome(hostile_library, _https(tls_site, "/story"))

    assert outcome.category == "network_error"
    assert "certificate verify failed" in str(outcome.error)
    assert tls_site.log == []  # no request was sent over the untrusted connection


def test_a_trusted_certificate_saves_and_the_deadline_holds_over_tls(
    tls_site: LocalSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(CERT))
    tls_site.add("/story", f"<html><head><title>Secure</title></head><body><article>{story(3)}")
    tls_site.handle("/drip", drip("text/html", every=0.5, head=b"<html><body>"))
    folder = tmp_path / "library"
    with Library.open(folder, fetch_limits=TEST_FETCH_LIMITS, save_limits=TEST_SAVE_LIMITS) as lib:
        saved = save_outcome(lib, _https(tls_site, "/story"))
        dripped = save_outcome(lib, _https(tls_site, "/drip"))

    assert saved.status is Status.SAVED and saved.article.title == "Secure"
    assert dripped.category == "timeout"
    assert "more than 4 s" in str(dripped.error)
