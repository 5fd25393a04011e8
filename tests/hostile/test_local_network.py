"""A page on the internet may not make Reader fetch from this computer or its network.

The check is on the address a connection really reached (whatever DNS said), and the
request is never sent.  No public network is needed: the "internet page" is a local
file saved under a public address, and its images point at the local server.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_checks import TEST_FETCH_LIMITS, save_outcome, story
from localsite import LocalSite, photo

from reader.errors import BlockedAddressError
from reader.fetcher import Fetcher, FetchLimits, is_local_address
from reader.library import Library
from reader.models import Status

PUBLIC_PAGE = "http://93.184.216.34/news/story.html"  # an internet address, never contacted


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("127.0.0.1", True), ("10.1.2.3", True), ("192.168.1.1", True), ("172.16.0.9", True),
        ("169.254.169.254", True), ("::1", True), ("fe80::1%eth0", True), ("fd00::5", True),
        ("::ffff:192.168.0.1", True), ("0.0.0.0", True), ("224.0.0.1", True),
        # Not globally reachable, though not "private": carrier-grade NAT (Tailscale),
        # benchmarking, documentation, reserved, broadcast, NAT64 of a private address.
        ("100.64.0.1", True), ("100.127.255.254", True), ("198.18.0.1", True),
        ("192.0.2.10", True), ("203.0.113.5", True), ("240.0.0.1", True),
        ("255.255.255.255", True), ("2001:db8::1", True), ("64:ff9b::a00:1", True),
        ("100.63.255.255", False), ("100.128.0.1", False), ("64:ff9b::808:808", False),
        ("93.184.216.34", False), ("2606:2800:220:1::", False), ("8.8.8.8", False),
        ("not an address", False),
    ],
)  # fmt: skip
def test_local_addresses(address: str, local: bool) -> None:
    assert is_local_address(address) is local


def test_an_internet_page_cannot_fetch_local_images(site: LocalSite) -> None:
    image = site.add("/router/admin.jpg?reboot=1", photo(300, 200, seed=1), "image/jpeg")
    with Fetcher(TEST_FETCH_LIMITS) as fetcher:
        with pytest.raises(BlockedAddressError, match=r"127\.0\.0\.1"):
            fetcher.fetch_image(image, referer=PUBLIC_PAGE)
        assert site.log == []  # refused before the request was sent
        # A page on this computer may show its own images; so may a person's own choice.
        assert fetcher.fetch_image(image, referer=site.url("/page")).status == 200
        assert fetcher.fetch_image(image).status == 200
        # A pooled connection to the local address is refused the same way.
        with pytest.raises(BlockedAddressError):
            fetcher.fetch_image(image, referer=PUBLIC_PAGE)
    with Fetcher(FetchLimits(block_local_images=False)) as fetcher:
        assert fetcher.fetch_image(image, referer=PUBLIC_PAGE).status == 200


def test_saving_an_internet_page_drops_its_local_images(
    site: LocalSite, hostile_library: Library, tmp_path: Path
) -> None:
    port = site.host.rsplit(":", 1)[1]
    for name in ("a", "b"):
        site.add(f"/local/{name}.jpg", photo(300, 200, seed=2), "image/jpeg")
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Router</title></head><body><article><h1>Router</h1>"
        f'<img src="http://127.0.0.1:{port}/local/a.jpg">{story(3)}'
        f'<img src="http://localhost:{port}/local/b.jpg">{story(2)}</article></body></html>'
    )

    result = hostile_library.save(str(page), base_url=PUBLIC_PAGE)

    article = hostile_library.get(result.article_id)
    assert article.status is Status.SAVED and article.image_count == 0
    assert sum("an address on this computer or its network" in n for n in article.notes) == 2
    assert site.log == []
    # The same page served from this computer keeps its images.
    own = save_outcome(hostile_library, site.add("/own", page.read_text()))
    assert own.status is Status.SAVED and own.article.image_count == 2
