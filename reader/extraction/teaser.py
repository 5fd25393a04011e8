"""Teasers: a page that shows only the beginning of its story (a paywall, "All...")."""

from __future__ import annotations

import re

import lxml.html

#: Said of an article whose page held only its beginning.
PARTIAL_NOTE = "only the beginning of the story was on the page"
#: A story longer than this many words is not taken for a teaser, whatever the page says.
_TEASER_WORDS = 250
# Boxes that stand where the rest of the story would be (a class or id naming one).
_PAYWALL = re.compile(
    r"pay-?wall|regwall|subscribers?-only|article-locked|content-locked|premium-lock", re.I
)
#: Words one of which the page's text must hold before the regexes above are tried
#: (a substring test in C is many times faster than a case-blind regex over a page).
_PAYWALL_HINTS = (
    "paywall", "pay-wall", "regwall", "subscriber-only", "subscribers-only", "article-locked",
    "content-locked", "premium-lock", "isaccessibleforfree",
)  # fmt: skip
_NOT_FREE = re.compile(r'"isAccessibleForFree"\s*:\s*"?(?:false|no)"?', re.I)
_ELLIPSIS = re.compile(r"(?:…|\.\.\.|\[\s*…\s*\]|\[\.\.\.\])\s*$")


def remove_paywall(doc: lxml.html.HtmlElement, html: str) -> bool:
    """Drop the page's paywall boxes ("Subscribe to keep reading"); True when the page
    declares or shows a paywall (schema.org ``isAccessibleForFree`` false, or a box whose
    class or id names one).  A long element so named wraps the story itself and stays.
    ``html`` is the page's text, searched first (in C) so most pages skip the tree walk."""
    lowered = html.lower()
    if not any(hint in lowered for hint in _PAYWALL_HINTS):
        return False
    if not _PAYWALL.search(html) and not _NOT_FREE.search(html):
        return False
    found = False
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and (
            _NOT_FREE.search(script.text or "")
        ):
            found = True
    boxes = [
        el
        for el in doc.iter()
        if _PAYWALL.search(el.get("class") or "") or _PAYWALL.search(el.get("id") or "")
    ]  # a Python pass: an XPath of lower-cased contains() is ten times slower
    for box in boxes:
        found = True
        if box.getparent() is not None and len(" ".join(box.text_content().split())) < 400:
            box.drop_tree()
    return found


def is_partial(text: str, paywall: bool) -> bool:
    """A short story that ends cut off ("All...") or stands before a paywall."""
    # Words by spaces, or by characters for scripts written without them (Chinese).
    if max(len(text.split()), len(text) // 6) > _TEASER_WORDS:
        return False
    return paywall or bool(_ELLIPSIS.search(text))
