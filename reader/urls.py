"""URL identity: two addresses that show the same story get the same key."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

# Query parameters that only say who sent the reader, never which story.
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "__hs", "hsa_", "oly_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "icid",
        "s_cid",
        "wt.mc_id",
        "mkt_tok",
        "vero_id",
        "twclid",
        "ttclid",
        "li_fat_id",
        "rb_clickid",
        "ito",
        "sr_share",
        "smid",
        "at_medium",
        "at_campaign",
        "cmp",
        "guccounter",
    }
)


def is_tracking_param(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING_NAMES or low.startswith(_TRACKING_PREFIXES)


def url_key(url: str) -> str:
    """A key equal for URLs that differ only in scheme, case of host, default port,
    ``www.``, fragment, a trailing slash or tracking parameters.

    Anything that is not a parseable http(s) URL is its own key (stripped)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not host:
        return url
    host = host.removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    query.sort()
    key = host + path
    if query:
        key += "?" + urlencode(query)
    return key


#: Changes whenever the rules of ``url_key`` change (the tracking list above, or the
#: normalisation): a library whose keys were made under other rules is re-keyed when
#: it opens, so that a later release never makes twins of articles saved before it.
IDENTITY_RULES = hashlib.sha256(
    repr(("url_key/1", sorted(_TRACKING_NAMES), _TRACKING_PREFIXES)).encode()
).hexdigest()[:16]


def clean_url(url: str) -> str:
    """``url`` without its tracking parameters (utm_*, fbclid, ...), otherwise as it was:
    what Reader stores and shows as an article's address."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query or parts.scheme.lower() not in ("http", "https"):
        return url
    pairs = re.split(r"[&;]", parts.query)
    kept = [p for p in pairs if p and not is_tracking_param(p.split("=", 1)[0])]
    if len(kept) == len([p for p in pairs if p]):
        return url
    return parts._replace(query="&".join(kept)).geturl()


@cache
def _suffixes() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable_domain(url: str) -> str | None:
    """The site a URL belongs to: its registrable domain by the Public Suffix List
    (``news.bbc.co.uk`` -> ``bbc.co.uk``); an IP address or a single-label host is
    its own site.  None for a URL without a host."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    site = _suffixes().privatesuffix(host)
    return str(site) if site else host


def same_site(a: str, b: str) -> bool:
    site = registrable_domain(a)
    return site is not None and site == registrable_domain(b)
