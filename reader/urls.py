"""URL identity: two addresses that show the same story get the same key."""

from __future__ import annotations

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
