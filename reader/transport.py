"""The HTTP transport under the fetcher: a hard deadline on every socket operation, the
local-network guard on the address really connected to, and environment proxies.

Built on public APIs only: ``httpx.BaseTransport`` (a custom transport is how httpx is
extended) over ``httpcore``'s connection pools, which take a ``network_backend``.  Because
httpx turns its own environment-proxy support off when a transport is given, proxies are
read here, as curl reads them: ``http_proxy``/``HTTP_PROXY`` for http URLs,
``https_proxy``/``HTTPS_PROXY`` for https, ``all_proxy``/``ALL_PROXY`` for both (socks5://,
socks5h://, socks4:// too), and ``no_proxy``/``NO_PROXY`` (``*``, host names matching
themselves and their subdomains, IP addresses and CIDR ranges) to go direct.
"""

from __future__ import annotations

import ipaddress
import os
import threading
import time
import typing
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import httpcore
import httpx

from reader.errors import BlockedAddressError, InvalidURLError

_REQUEST = threading.local()


# --- per-request rules, set by the fetcher for the calling thread ----------------------


def set_request_rules(deadline: float | None, no_local: bool) -> None:
    """The deadline (``time.monotonic()``) and guard of the calling thread's request."""
    _REQUEST.deadline = deadline
    _REQUEST.no_local = no_local


def _no_local() -> bool:
    return bool(getattr(_REQUEST, "no_local", False))


def is_local_address(address: str) -> bool:
    """True for any address that is not globally reachable: loopback, private,
    carrier-grade NAT (100.64.0.0/10), link-local, documentation and benchmark ranges,
    reserved, multicast and unspecified addresses (IPv4-mapped and NAT64 IPv6 addresses
    are judged by the IPv4 address inside)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0].strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_unspecified


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _time_left(timeout: float | None, error: type[Exception]) -> float | None:
    deadline: float | None = getattr(_REQUEST, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the request took longer than its deadline")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(
        self, inner: httpcore.NetworkStream, check_peer: bool, peer: str | None = None
    ) -> None:
        self._inner = inner
        self._check_peer = check_peer
        if peer is None:
            addr = inner.get_extra_info("server_addr")
            peer = str(addr[0]) if isinstance(addr, tuple) and addr else ""
        self._peer = peer

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # Checked here, not at connect: a pooled connection is reused without one.
        if self._check_peer and _no_local() and is_local_address(self._peer):
            raise BlockedAddressError(
                f"a page on the internet asked for {self._peer}, an address on this "
                "computer or its network"
            )
        self._inner.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: typing.Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        tls = self._inner.start_tls(ssl_context, server_hostname, left)
        return _DeadlineStream(tls, self._check_peer, self._peer)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.SyncBackend):
    """Sockets whose every connect, read and write is capped by the request's deadline.
    ``check_peer``: refuse to send to a local peer (off through a proxy, whose address
    says nothing about the target's; the target's host is checked instead)."""

    def __init__(self, check_peer: bool) -> None:
        self._check_peer = check_peer

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        left = _time_left(timeout, httpcore.ConnectTimeout)
        inner = super().connect_tcp(host, port, left, local_address, socket_options)
        return _DeadlineStream(inner, self._check_peer)


# --- environment proxies, as curl reads them -------------------------------------------


@dataclass(frozen=True, slots=True)
class ProxySettings:
    """Proxy addresses by URL scheme and the NO_PROXY rules."""

    http: str | None = None
    https: str | None = None
    no_proxy: tuple[str, ...] = ()

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> ProxySettings:
        env = os.environ if env is None else env

        def var(name: str) -> str | None:
            value = env.get(name.lower()) or env.get(name.upper())
            return value.strip() or None if value else None

        every = var("all_proxy")
        no_proxy = tuple(
            part.strip().lower() for part in (var("no_proxy") or "").split(",") if part.strip()
        )
        return cls(
            http=var("http_proxy") or every,
            https=var("https_proxy") or every,
            no_proxy=no_proxy,
        )

    def proxy_for(self, scheme: str, host: str) -> str | None:
        """The proxy URL a request to ``scheme://host`` goes through, or None (direct)."""
        proxy = self.https if scheme == "https" else self.http
        if proxy is None or self.bypasses(host):
            return None
        return proxy if "://" in proxy else "http://" + proxy

    def bypasses(self, host: str) -> bool:
        host = host.strip("[]").lower().rstrip(".")
        try:
            ip: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
        except ValueError:
            ip = None
        for rule in self.no_proxy:
            if rule == "*":
                return True
            if ip is not None and "/" in rule:
                try:
                    if ip in ipaddress.ip_network(rule, strict=False):
                        return True
                except ValueError:
                    pass
                continue
            name = rule.strip("[]").lstrip("*").lstrip(".").rstrip(".")
            if name and (host == name or host.endswith("." + name)):
                return True
        return False


_EXCEPTIONS: tuple[tuple[type[Exception], type[Exception]], ...] = (
    # Most specific first.
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.NetworkError, httpx.NetworkError),
)


_HTTPCORE_ERRORS = (
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.ProxyError,
    httpcore.UnsupportedProtocol,
)


def _mapped(exc: Exception) -> Exception:
    for source, target in _EXCEPTIONS:
        if isinstance(exc, source):
            return target(str(exc))
    return exc


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, inner: typing.Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._inner
        except _HTTPCORE_ERRORS as exc:
            raise _mapped(exc) from exc

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class DeadlineTransport(httpx.BaseTransport):
    """httpx transport: deadline-keeping sockets, the local guard, environment proxies.

    Thread-safe (httpcore's pools are); ``is_local_host`` says whether a host name is on
    this computer or its network (used for the guard when a proxy hides the peer).
    """

    def __init__(
        self,
        limits: httpx.Limits,
        is_local_host: Callable[[str], bool],
        proxies: ProxySettings | None = None,
    ) -> None:
        self._limits = limits
        self._is_local_host = is_local_host
        self.proxies = ProxySettings.from_environment() if proxies is None else proxies
        self._ssl = httpx.create_ssl_context()
        self._direct = httpcore.ConnectionPool(
            ssl_context=self._ssl,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_DeadlineBackend(check_peer=True),
        )
        self._proxied: dict[str, httpcore.ConnectionPool] = {}
        self._lock = threading.Lock()

    def _pool_for(self, url: httpx.URL) -> tuple[httpcore.ConnectionPool, bool]:
        proxy = self.proxies.proxy_for(url.scheme, url.host)
        if proxy is None:
            return self._direct, False
        with self._lock:
            pool = self._proxied.get(proxy)
            if pool is None:
                pool = self._proxied[proxy] = self._proxy_pool(proxy)
        return pool, True

    def _proxy_pool(self, proxy: str) -> httpcore.ConnectionPool:
        parts = urlsplit(proxy)
        scheme = parts.scheme.lower()
        auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
        try:
            bare = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        except ValueError:
            raise InvalidURLError(f"the proxy address {proxy!r} is not valid") from None
        common: dict[str, typing.Any] = {
            "ssl_context": self._ssl,
            "max_connections": self._limits.max_connections,
            "max_keepalive_connections": self._limits.max_keepalive_connections,
            "keepalive_expiry": self._limits.keepalive_expiry,
            "network_backend": _DeadlineBackend(check_peer=False),
        }
        if scheme in ("http", "https"):
            return httpcore.HTTPProxy(proxy_url=bare, proxy_auth=auth, **common)
        if scheme in ("socks5", "socks5h", "socks4", "socks4a"):
            return httpcore.SOCKSProxy(proxy_url=bare, proxy_auth=auth, **common)
        raise InvalidURLError(f"the proxy address {proxy!r} has an unknown scheme")

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        pool, proxied = self._pool_for(request.url)
        if proxied and _no_local() and self._is_local_host(request.url.host):
            raise BlockedAddressError(
                f"a page on the internet asked for {request.url.host}, an address on this "
                "computer or its network"
            )
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = pool.handle_request(core)
        except _HTTPCORE_ERRORS as exc:
            raise _mapped(exc) from exc
        assert isinstance(response.stream, typing.Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._direct.close()
        with self._lock:
            pools = list(self._proxied.values())
            self._proxied.clear()
        for pool in pools:
            pool.close()
