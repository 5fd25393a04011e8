"""Decoding a web page's bytes to text: BOM, then the HTTP charset, then ``<meta charset>``,
then detection (charset-normalizer), as browsers decide (WHATWG labels and aliases)."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# WHATWG: these labels mean windows-1252 in practice, and so on.
_ALIASES = {
    "iso-8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "iso8859-1": "windows-1252",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "tis-620": "cp874",
    "iso-8859-9": "cp1254",
    "utf8": "utf-8",
    "unicode": "utf-8",
    "x-user-defined": "windows-1252",
}
_SINGLE_BYTE_WESTERN = frozenset({"cp1252", "latin_1", "iso8859-15"})


def normalise_charset(label: str | None) -> str | None:
    """A Python codec name for an HTTP/HTML charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("utf-16", "utf-32", "utf-16-le", "utf-16-be"):
        return None  # a page that says UTF-16 but has no BOM is lying (WHATWG)
    return name


def _decodes(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes, declared: bool) -> str | None:
    """``data`` as UTF-8 if it is UTF-8 with a few broken bytes, else None.

    A UTF-8 page with a stray invalid byte keeps its text (the byte becomes U+FFFD)
    instead of going to a guesser that would turn every accented letter to mojibake.
    Declared UTF-8 is trusted unless most of its non-ASCII bytes are invalid.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # not the real U+FFFDs
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if declared:
        return text if bad <= 8 or bad <= good else None
    return text if good > 0 and bad <= max(2, good // 20) else None


def decode_html(data: bytes, declared_charset: str | None = None) -> str:
    """Decode an HTML page: BOM, then the HTTP charset, then <meta charset>, then detection.

    A declared charset that the bytes contradict is not trusted: bytes invalid in it,
    or valid UTF-8 with non-ASCII text under a legacy declaration (servers that label
    every page ISO-8859-1), or a Western HTTP label that the page's own <meta> corrects.
    Invalid bytes become U+FFFD; NUL and other control characters are removed; nesting
    deeper than the parser's limit is flattened so no text after it is lost.
    """
    from reader.sanitizer import flatten_deep_nesting, strip_control_chars

    return flatten_deep_nesting(strip_control_chars(_decode(data, declared_charset)))


def _decode(data: bytes, declared_charset: str | None) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    utf8 = _decodes(data, "utf-8")
    has_non_ascii = not data.isascii()
    http = normalise_charset(declared_charset)
    m = _META_CHARSET.search(data[:8192])
    meta = normalise_charset(m.group(1).decode("ascii", "replace")) if m else None
    # A Western HTTP label is often a server-wide default: the page knows better.
    overruled = http in _SINGLE_BYTE_WESTERN and meta is not None and meta != http
    for label in (None if overruled else http, meta):
        if label is None:
            continue
        if utf8 is not None and has_non_ascii and label != "utf-8":
            return utf8  # valid multi-byte UTF-8 is never an accident: mislabelled page
        if label == "utf-8":
            lenient = _mostly_utf8(data, declared=True)
            if lenient is not None:
                return lenient
            continue
        text = _decodes(data, label)
        if text is not None:
            return text
    if utf8 is not None:
        return utf8
    mostly = _mostly_utf8(data, declared=False)
    if mostly is not None:
        return mostly
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("utf-8", errors="replace")
