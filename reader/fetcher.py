"""HTTP fetching with limits: size, time, redirects, schemes, and charset detection.

One ``Fetcher`` holds one pooled ``httpx.Client`` (a new client per request is about
twenty times slower) and is safe to share between threads.  Every failure becomes a
``reader.errors.SaveError`` subclass with a one-line message; nothing else escapes.
"""

from __future__ import annotations

import dataclasses
import http.cookiejar
import re
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from reader.charsets import decode_html as decode_html
from reader.charsets import normalise_charset as normalise_charset
from reader.errors import (
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    NetworkError,
    NoContentError,
    NotHTMLError,
    RedirectLoopError,
    TooLargeError,
    UnsafeSchemeError,
)
from reader.host_slots import HostSlots
from reader.transport import DeadlineTransport, set_request_rules
from reader.transport import ProxySettings as ProxySettings
from reader.transport import is_local_address as is_local_address

USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36 Reader/0.1"
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})
_KEPT_HEADERS = ("etag", "last-modified", "retry-after")
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, text/html;q=0.5, */*;q=0.1"
)
_TAG = re.compile(rb"<[A-Za-z]")


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Limits that hold for every request; all configurable, sensible by default.

    See docs/security.md.  ``total_timeout`` is a hard deadline for one request (all its
    redirects included), enforced on every socket read and write, so a server that
    drips headers or body a byte at a time is cut off on time.
    """

    max_page_bytes: int = 15 * 1024 * 1024  # decoded (after gzip), so bombs stop here
    max_image_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 10
    max_elements: int = 250_000  # HTML tags in one page; beyond, extraction is too slow
    connect_timeout: float = 10.0
    read_timeout: float = 20.0  # the longest silence between two reads
    total_timeout: float = 60.0  # one request, from connect to last byte
    # A page on the internet may not make Reader fetch images from this machine or its
    # network (a router's admin page, a local service): checked on the connected address.
    block_local_images: bool = True
    # Photos downloaded at once from one host, over all the saves running (host_slots).
    photos_per_host: int = 2


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    content_type: str  # media type only, lower case ("text/html")
    charset: str | None  # from the Content-Type header, if any
    body: bytes
    # Feeds: the caching headers kept (etag, last-modified, retry-after), and the final
    # URL when every redirect on the way was permanent (301/308), else None.
    headers: dict[str, str] = field(default_factory=dict)
    permanent_url: str | None = None


def check_url(url: str) -> str:
    """Return ``url`` stripped if it is an absolute http(s) URL with a host; raise otherwise."""
    url = url.strip()
    if not url:
        raise InvalidURLError("empty URL")
    if any(c in url for c in "\x00\r\n\t "):
        raise InvalidURLError(f"URL contains spaces or control characters: {url[:200]!r}")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidURLError(f"not a valid URL: {url[:200]} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme and scheme not in ("http", "https"):
        if scheme in ("file", "ftp", "data", "javascript", "vbscript", "about", "blob", "chrome"):
            raise UnsafeSchemeError(f"only http and https URLs can be saved, not {scheme}:")
        raise InvalidURLError(f"only http and https URLs can be saved: {url[:200]}")
    if not scheme or not parts.hostname:
        raise InvalidURLError(f"not a web address (expected http:// or https://): {url[:200]}")
    if port == 0:
        raise InvalidURLError(f"not a valid port in {url[:200]}")
    return url


def _redirect_target(url: str, location: str) -> str:
    """The absolute http(s) URL a redirect points at; raise if it is unsafe or invalid."""
    target = urljoin(url, location.strip())
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeSchemeError(f"the page redirected to an unsafe {scheme or 'unknown'}: URL")
    return check_url(target)


def _check_redirect(response: httpx.Response) -> None:
    # httpx parses a redirect's Location before handing the response back (even when
    # not following it) and fails on "javascript:..." with a message about the page's
    # own URL; judge the target here first, so the error names what really happened.
    if response.status_code in _REDIRECTS and "location" in response.headers:
        _redirect_target(str(response.request.url), response.headers["location"])


class Fetcher:
    """Fetches pages and images over HTTP(S) within ``FetchLimits``.

    Thread-safe; call ``close()`` when done.  Raises only ``SaveError`` subclasses.
    """

    def __init__(
        self,
        limits: FetchLimits | None = None,
        user_agent: str = USER_AGENT,
        proxies: ProxySettings | None = None,
    ) -> None:
        """``proxies``: None reads them from the environment, as curl does."""
        self.limits = limits or FetchLimits()
        self._local_hosts: dict[str, bool] = {}
        self._photo_slots = HostSlots(self.limits.photos_per_host)
        lim = self.limits
        pool_limits = httpx.Limits(max_connections=16, max_keepalive_connections=8)
        self._client = httpx.Client(
            transport=DeadlineTransport(pool_limits, self._is_local_host, proxies),
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=lim.connect_timeout,
                read=lim.read_timeout,
                write=lim.read_timeout,
                pool=lim.connect_timeout,
            ),
            headers={
                "User-Agent": user_agent,
                "Accept-Language": "en;q=0.9, *;q=0.5",
                # Only codings whose output the size limit can check chunk by chunk.
                "Accept-Encoding": "gzip, deflate",
            },
            limits=pool_limits,
            event_hooks={"response": [_check_redirect]},
            # No cookie is ever kept: a tracker's cookie set by one page or image must
            # not come back with the next request.
            cookies=http.cookiejar.CookieJar(
                policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[])
            ),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch_page(self, url: str) -> Response:
        """Fetch an HTML page; raise NotHTMLError for anything else."""
        return self._fetch(
            url,
            accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            max_bytes=self.limits.max_page_bytes,
            want_html=True,
        )

    def fetch_image(self, url: str, referer: str | None = None) -> Response:
        """Fetch an image of the page ``referer`` (at most ``photos_per_host`` at once
        from one host, whichever save asks).

        Unless ``FetchLimits.block_local_images`` is off, an image of a page on the
        internet may not come from a local address (BlockedAddressError).
        """
        no_local = bool(referer) and self.limits.block_local_images
        if no_local and referer:
            no_local = not self._is_local_host(_host(referer))
        with self._photo_slots.slot(_host(url), self.limits.total_timeout):
            return self._fetch(
                url,
                accept="image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8",
                max_bytes=self.limits.max_image_bytes,
                want_html=False,
                referer=referer,
                no_local=no_local,
            )

    def fetch_feed(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Response:
        """Fetch a feed (or a page to find one in) with a conditional GET.

        Same limits, schemes and checks as ``fetch_page``, but any media type passes
        (the feed parser judges).  With ``etag``/``last_modified`` a 304 answer returns a
        Response with status 304 and no body.  ``Response.headers`` keeps ETag,
        Last-Modified and Retry-After; an HTTPStatusError carries Retry-After too.
        """
        conditional = {"If-None-Match": etag} if etag else {}
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        return self._fetch(
            url,
            accept=FEED_ACCEPT,
            max_bytes=self.limits.max_page_bytes,
            want_html=False,
            conditional=conditional,
        )

    def is_local_host(self, host: str) -> bool:
        """Whether ``host`` is this computer or on its network (by what DNS says now)."""
        return self._is_local_host(host)

    def _is_local_host(self, host: str) -> bool:
        """Whether ``host`` (a page's) is this computer or on its network."""
        known = self._local_hosts.get(host)
        if known is not None:
            return known
        if host == "localhost" or host.endswith(".localhost"):
            local = True
        elif is_local_address(host) or ":" in host:
            local = is_local_address(host)
        else:
            try:
                infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
            except (OSError, UnicodeError):
                infos = []
            local = any(is_local_address(str(info[4][0])) for info in infos)
        if len(self._local_hosts) > 1000:
            self._local_hosts.clear()
        self._local_hosts[host] = local
        return local

    def _fetch(
        self,
        url: str,
        *,
        accept: str,
        max_bytes: int,
        want_html: bool,
        referer: str | None = None,
        no_local: bool = False,
        conditional: dict[str, str] | None = None,
    ) -> Response:
        url = check_url(url)
        seen = {url}
        deadline = time.monotonic() + self.limits.total_timeout
        headers = {"Accept": accept} | (conditional or {})
        if referer:
            headers["Referer"] = referer
        set_request_rules(deadline, no_local)
        try:
            return self._follow(url, seen, headers, max_bytes, want_html, deadline)
        finally:
            set_request_rules(None, False)

    def _follow(
        self,
        url: str,
        seen: set[str],
        headers: dict[str, str],
        max_bytes: int,
        want_html: bool,
        deadline: float,
    ) -> Response:
        permanent: bool | None = None  # every hop so far a 301/308 (None: no hop yet)
        for _hop in range(self.limits.max_redirects + 1):
            try:
                with self._client.stream("GET", url, headers=headers) as resp:
                    if resp.status_code in _REDIRECTS and "location" in resp.headers:
                        url = self._next_hop(url, resp.headers["location"], seen)
                        headers.pop("Referer", None)  # no page address to another host
                        permanent = permanent is not False and resp.status_code in _PERMANENT
                        continue
                    kept = {k: resp.headers[k] for k in _KEPT_HEADERS if k in resp.headers}
                    moved = url if permanent else None
                    conditional = "If-None-Match" in headers or "If-Modified-Since" in headers
                    if resp.status_code == 304 and conditional:
                        return Response(url, 304, "", None, b"", kept, moved)
                    read = self._read(resp, url, max_bytes, want_html, deadline)
                    return dataclasses.replace(read, headers=kept, permanent_url=moved)
            except httpx.TimeoutException:
                if time.monotonic() >= deadline - 0.05:
                    raise FetchTimeoutError(
                        f"{_host(url)} took more than {self.limits.total_timeout:g} s to send it"
                    ) from None
                raise FetchTimeoutError(f"{_host(url)} did not answer in time") from None
            except httpx.InvalidURL as exc:
                raise InvalidURLError(f"not a valid URL: {url[:200]} ({exc})") from None
            except httpx.UnsupportedProtocol:
                raise UnsafeSchemeError(f"unsupported scheme in {url[:200]}") from None
            except httpx.ConnectError as exc:
                raise NetworkError(f"could not connect to {_host(url)}: {_reason(exc)}") from None
            except (httpx.TransportError, httpx.DecodingError) as exc:
                raise NetworkError(f"connection to {_host(url)} failed: {_reason(exc)}") from None
        raise RedirectLoopError(f"more than {self.limits.max_redirects} redirects")

    def _next_hop(self, url: str, location: str, seen: set[str]) -> str:
        target = _redirect_target(url, location)
        if target in seen:
            raise RedirectLoopError(f"the page redirects in a loop ({target[:200]})")
        seen.add(target)
        return target

    def _read(
        self, resp: httpx.Response, url: str, max_bytes: int, want_html: bool, deadline: float
    ) -> Response:
        status = resp.status_code
        if status >= 400 or status < 200 or status in _REDIRECTS:
            phrase = resp.reason_phrase or ""
            raise HTTPStatusError(
                status,
                f"the server answered HTTP {status} {phrase}".strip(),
                resp.headers.get("retry-after"),
            )
        raw_type = resp.headers.get("content-type", "")
        media, charset = parse_content_type(raw_type)
        length = resp.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise TooLargeError(
                f"{_megabytes(int(length))} is more than the {_megabytes(max_bytes)} limit"
            )
        if want_html and media and media not in _HTML_TYPES and not _maybe_html_type(media):
            raise NotHTMLError(f"the address is {media}, not a web page")
        body = bytearray()
        for chunk in resp.iter_bytes():
            if len(body) + len(chunk) > max_bytes:
                what = "page" if want_html else "file"
                raise TooLargeError(f"the {what} is larger than the {_megabytes(max_bytes)} limit")
            if time.monotonic() > deadline:
                raise FetchTimeoutError(
                    f"{_host(url)} took more than {self.limits.total_timeout:g} s to send it"
                )
            body += chunk
        if want_html and not body.strip():
            raise NoContentError("the server sent an empty page")
        if want_html and (not media or media not in _HTML_TYPES):
            if not looks_like_html(body):
                raise NotHTMLError(f"the address is {media or 'unknown content'}, not a web page")
            media = "text/html"
        if want_html and body.count(b"<") > self.limits.max_elements:
            elements = sum(1 for _ in _TAG.finditer(body))
            if elements > self.limits.max_elements:
                raise TooLargeError(
                    f"the page has {elements:,} elements, more than the "
                    f"{self.limits.max_elements:,} limit"
                )
        return Response(
            url=str(resp.url), status=status, content_type=media, charset=charset, body=bytes(body)
        )


def _maybe_html_type(media: str) -> bool:
    # Servers mislabel pages; sniff these rather than refuse them outright.
    return media in ("text/plain", "application/octet-stream", "text/xml", "application/xml")


def looks_like_html(body: bytes | bytearray) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    head = head.replace(b"\x00", b"")  # UTF-16 pages
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")) or (
        b"<html" in head or b"<body" in head or b"<p>" in head
    )


def parse_content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", params, re.I)
    if m:
        charset = m.group(1)
    return media.strip().lower(), charset


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url[:100]
    except ValueError:
        return url[:100]


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text)
    return " ".join(text.split())[:200]


def _megabytes(n: int) -> str:
    return f"{n / 1_048_576:.1f} MB"
