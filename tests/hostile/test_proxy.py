"""Environment proxies, as curl reads them, through a real recording proxy on 127.0.0.1.

The hard per-request deadline holds through a proxy too, and no private attribute of
httpx is needed for either (reader.transport is a public ``httpx.BaseTransport``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hostile_checks import TEST_FETCH_LIMITS
from localsite import LocalSite
from proxyserver import RecordingProxy

from reader.errors import FetchTimeoutError, NetworkError
from reader.fetcher import Fetcher, FetchLimits, ProxySettings

PAGE = b"<html><body><article><p>" + b"Proxied words. " * 40 + b"</p></article></body></html>"


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    p = RecordingProxy().start()
    try:
        yield p
    finally:
        p.stop()


def test_http_proxy_from_the_environment_carries_the_request(
    site: LocalSite, proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.add("/story", PAGE)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    with Fetcher(TEST_FETCH_LIMITS) as fetcher:
        response = fetcher.fetch_page(url)
    assert b"Proxied words." in response.body
    assert proxy.log == [f"GET {url}"]
    assert site.log == ["/story"]  # the proxy fetched it from the site


def test_lower_case_and_all_proxy_are_read_too(
    site: LocalSite, proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = site.add("/story", PAGE)
    monkeypatch.setenv("all_proxy", proxy.url.removeprefix("http://"))  # no scheme: http
    with Fetcher(TEST_FETCH_LIMITS) as fetcher:
        fetcher.fetch_page(url)
    assert proxy.log == [f"GET {url}"]


@pytest.mark.parametrize("rule", ["127.0.0.1", "*", "127.0.0.0/8", "example.org, 127.0.0.1"])
def test_no_proxy_goes_direct(
    site: LocalSite, proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch, rule: str
) -> None:
    url = site.add("/story", PAGE)
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", rule)
    with Fetcher(TEST_FETCH_LIMITS) as fetcher:
        fetcher.fetch_page(url)
    assert proxy.log == []
    assert site.log == ["/story"]


def test_https_goes_through_a_connect_tunnel(
    proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing listens on port 9 behind the proxy: the tunnel fails, but it was asked for.
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    with Fetcher(TEST_FETCH_LIMITS) as fetcher, pytest.raises(NetworkError):
        fetcher.fetch_page("https://127.0.0.1:9/story")
    assert proxy.log == ["CONNECT 127.0.0.1:9"]


def test_the_deadline_holds_through_a_dripping_proxy(
    site: LocalSite, proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy.drip = True  # one byte of headers every 50 ms, forever: no read ever times out
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    limits = FetchLimits(read_timeout=2, total_timeout=1, connect_timeout=2)
    with Fetcher(limits) as fetcher, pytest.raises(FetchTimeoutError, match="more than 1 s"):
        fetcher.fetch_page(site.url("/story"))


@pytest.mark.parametrize(
    ("host", "bypassed"),
    [
        ("example.org", True), ("news.example.org", True), ("badexample.org", False),
        ("10.1.2.3", True), ("10.9.9.9", False), ("192.168.4.4", True), ("other.net", False),
    ],
)  # fmt: skip
def test_no_proxy_rules_match_like_curl(host: str, bypassed: bool) -> None:
    settings = ProxySettings.from_environment(
        {"NO_PROXY": ".example.org, 10.1.2.3,192.168.0.0/16", "https_proxy": "http://p:3128"}
    )
    assert settings.bypasses(host) is bypassed
    assert (settings.proxy_for("https", host) is None) is bypassed
    assert settings.proxy_for("http", host) is None  # no http proxy set
