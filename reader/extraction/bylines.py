"""Bylines, second round: authors wherever the page's markup names them, and cleaned.

Sources, when the first round (``metadata``: the main JSON-LD node, the usual meta tags,
byline markup in the body) found none: an author in any JSON-LD node (``@graph`` members,
``@id`` references to a Person, arrays, nested nodes), a few more meta names, and a short
"By NAME" line just under the headline.  ``tidy_byline`` then takes what is not a name off
any byline: a "Posted by" or "Author:" label, a date or time, "View profile" links, a role
after a separator.  Functions here read the tree and never change it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

import lxml.html

from reader.extraction.byline_markup import find_byline_element
from reader.extraction.metadata import (
    Metadata,
    clean_byline,
    is_valid_byline,
    text_similarity,
)
from reader.extraction.metadata_rules import json_ld_documents, json_ld_nodes, site_names

_MAX_NODES = 400
#: Nodes whose author is not the story's: a comment's, a review's, a quoted work's, a
#: photo's (its photographer), the site's own.
_NOT_STORY = re.compile(
    r"^(?:Comment|Review|Rating|Answer|Question|Book|Movie|Product|ImageObject|Photograph|"
    r"VideoObject|AudioObject|MediaObject|WebSite|Person|Organization)$"
)
_STORY = re.compile(r"Article|Posting|Report|WebPage|Blog|Recipe|ClaimReview")
_ORGANISATION = re.compile(r"Organi[sz]ation|Corporation|NewsMedia|Publisher")
_NON_WORD = re.compile(r"\W+")
#: Meta names (lower case) that hold the author's name on some sites.
_AUTHOR_META = ("sailthru.author", "byl", "article:author", "article.author", "author.name")

# Labels before the names: "Posted by", "Written by", "Author:", "Autor:", "Piše:", "文/".
_LABEL = (
    r"(?:(?:posted|written|words|story|reported|text|edited|compiled)\s+by|by|"
    r"view\s+all\s+posts\s+by|posts\s+by|more\s+(?:posts\s+)?by|articles?\s+by|"
    r"(?:this\s+(?:post|article|story)\s+(?:was\s+)?written\s+by)|"
    r"author(?:s|in)?\s*:|autor(?:es|in)?\s*:|auteur\s*:|piše\s*:|napisao\s*:|"
    r"von|par|por|door|av|af|文\s*/|作者\s*[:：]|记者\s*[:：]?)"
)
_LEADING_LABEL = re.compile(rf"^\s*{_LABEL}(?:(?<=[:/：])|\b)\s*", re.I)
# A date or time, and what usually stands before one ("on", "Published:", "Updated").
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_UNIT = r"(?:min(?:ute)?s?|hrs?|hours?|h|d|days?|weeks?|months?|years?)\b"
_ZONE = r"(?:[ecmp][sd]t|et|utc|gmt|bst|cet|cest|ist|aest|aedt)"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_DATE = (
    rf"(?:{_WEEKDAY}\s*)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s*\d{{4}})?"
    r"|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
    r"|\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?"
    rf"|(?:\d+\s*{_UNIT}\s*)+ago"
    rf"|{_WEEKDAY}\s+\d{{1,2}}|{_MONTH}\s+\d{{4}})"
)
_DATE_LEAD = r"(?:on|at|published|posted|updated|last\s+updated|created|modified|le|am|el|dne)"
_TRAILING_DATE = re.compile(
    rf"(?:\s*[,|·•/–—-]\s*|\s+)(?:{_DATE_LEAD}\b\s*:?\s*)?(?:{_DATE}|today|yesterday)\b.*$", re.I
)
_DATE_FOUND = re.compile(rf"(?:{_DATE}|today|yesterday)\b", re.I)
_DATE_WORDS = re.compile(rf"\b(?:{_DATE_LEAD}|{_WEEKDAY}|am|pm|at|ago|{_ZONE})\b", re.I)
_LETTER = re.compile(r"[^\W\d_]")
_LONGEST = 300  # characters: no byline is longer
# "16th Jan 2008, 09:28am by Damien McFerran": the names come after the "by".
_BY_AFTER = re.compile(r"^(?P<before>.*?\d.*?)\s+by\s+(?P<names>\S.*)$", re.I)
# Links and buttons that sit in byline boxes and are not names.
_FURNITURE = re.compile(
    r"\s*(?:[|·•]\s*)?\b(?:view\s+(?:my\s+)?(?:complete\s+|full\s+)?profile|view\s+comments?|"
    r"follow(?:\s+@\S+|\s+on\s+\w+)?|subscribe\s+to\s+(?:our|my)\s+feed|rss|e-?mail|twitter|"
    r"contact|bio)\s*(?=$|[|·•]|\s(?:rss|e-?mail|twitter|follow|contact)\b)",
    re.I,
)
#: Words that make what follows a separator a role, not another name.
_ROLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|columnist|contributor|staff|producer|"
    r"analyst|critic|journalist|manager|engineer|intern|photographer|news\s+service|"
    r"special\s+to|for\s+the|contributing|senior|chief|bureau|desk)\b",
    re.I,
)
_ROLE_SEPARATOR = re.compile(r"\s*(?:,|\s/\s)\s*")
#: After these, only a role, a site or a date follows: "Ann Lee | Reuters", "A<br>Paper".
_HARD_SEPARATOR = re.compile(
    r"\s*(?:\||<br\s*/?>|\s[-–—]\s|\s(?:edited|photos?|illustrations?)\s+by\b).*$", re.I
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _squashed(text: str) -> str:
    """Letters and digits only, lower case, without a leading "The"."""
    return _NON_WORD.sub("", re.sub(r"^\s*the\s+", "", text, flags=re.I)).casefold()


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k for k in kinds if isinstance(k, str)]


def _walk(documents: list[Any]) -> list[dict[str, Any]]:
    return json_ld_nodes(documents, _MAX_NODES)


def _person_name(item: object, index: dict[str, dict[str, Any]], sites: set[str]) -> str | None:
    if isinstance(item, str):
        text = item.strip()
        return None if re.match(r"^(?:https?:)?//", text) else (text or None)
    if not isinstance(item, dict):
        return None
    ref = item.get("@id")
    if isinstance(ref, str) and not item.get("name") and ref in index:
        item = index[ref]
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        given, family = item.get("givenName"), item.get("familyName")
        name = " ".join(n for n in (given, family) if isinstance(n, str))
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not name or re.match(r"^(?:https?:)?//", name):
        return None
    if any(_ORGANISATION.search(t) for t in _types(item)) and _squashed(name) in sites:
        return None  # the site itself, not a writer
    return name


def _is_site_org(doc: lxml.html.HtmlElement, name: str) -> bool:
    """True when a JSON-LD author or creator named ``name`` is typed an Organization."""
    wanted = _squashed(name)
    for node in _walk(json_ld_documents(doc)):
        for key in ("author", "creator"):
            value = node.get(key)
            for item in value if isinstance(value, list) else [value]:
                if (
                    isinstance(item, dict)
                    and isinstance(item.get("name"), str)
                    and _squashed(item["name"]) == wanted
                    and any(_ORGANISATION.search(t) for t in _types(item))
                ):
                    return True
    return False


def json_ld_author(doc: lxml.html.HtmlElement, site_names: list[str]) -> str | None:
    """The authors of the story's JSON-LD node, wherever it sits, joined by ", "."""
    nodes = _walk(json_ld_documents(doc))
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and n.get("name")}
    sites = {_squashed(s) for s in site_names if _squashed(s)}
    candidates = [
        n
        for n in nodes
        if (n.get("author") or n.get("creator")) and not any(_NOT_STORY.match(t) for t in _types(n))
    ]
    candidates.sort(key=lambda n: not any(_STORY.search(t) for t in _types(n)))
    for node in candidates:
        value = node.get("author") or node.get("creator")
        items = value if isinstance(value, list) else [value]
        names: list[str] = []
        for item in items[:20]:
            name = _person_name(item, index, sites)
            if name and name not in names:
                names.append(name)
        if names:
            return ", ".join(names)
    return None


def meta_author(doc: lxml.html.HtmlElement) -> str | None:
    """An author from the less common meta names (``sailthru.author``, ``byl``, an
    ``itemprop=author`` meta), never an address."""
    for meta in doc.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        if name in _AUTHOR_META or (meta.get("itemprop") or "").strip() == "author":
            value = clean_byline(meta.get("content"))
            if value and is_valid_byline(value):
                return value
    return None


def headline_element(doc: lxml.html.HtmlElement, title: str) -> lxml.html.HtmlElement | None:
    """The ``<h1>`` that shows most of the story's title (at least half of its words), or
    the only ``<h1>`` when none does."""
    h1s = [h for h in doc.iter("h1") if h.text_content().strip()]
    scored = [(text_similarity(h.text_content(), title), h) for h in h1s] if title else []
    best = max(scored, key=lambda pair: pair[0], default=None)
    if best is not None and best[0] >= 0.5:
        return best[1]
    return h1s[0] if len(h1s) == 1 else None


_BLOCKS = frozenset({"p", "div", "span", "address", "li", "header", "h2", "h3", "h4", "h5", "h6"})
_STORY_TEXT = 200  # characters: a paragraph this long is the story itself
_LOOK_AHEAD = 60  # elements after the headline


def byline_line(
    headline: lxml.html.HtmlElement | None,
) -> tuple[str, lxml.html.HtmlElement] | None:
    """A short line starting with a byline label ("By", "Autor:") just under the headline,
    before the story's text begins."""
    if headline is None:
        return None
    for el in headline.xpath(f"following::*[position() <= {_LOOK_AHEAD}]"):
        if el.tag not in _BLOCKS:
            continue
        text = " ".join(el.text_content().split())
        if el.tag == "p" and len(text) > _STORY_TEXT:
            return None
        if len(text) < 120 and _LEADING_LABEL.match(text) and el.find(".//p") is None:
            names = tidy_byline(text)
            if names and len(names.split()) <= 8:
                return text, el
    return None


def _only_date(text: str) -> bool:
    """True for a date or time with nothing else but the words around dates ("Updated",
    "on", "at", "PM EST"): "April 28, 2019 at 6:01 am", "2 days ago"."""
    if not _DATE_FOUND.search(text):
        return False
    return not _LETTER.search(_DATE_WORDS.sub(" ", _DATE_FOUND.sub(" ", text)))


def _cut_roles(text: str) -> str:
    """ "Ann Lee, Staff Writer" -> "Ann Lee"; "Li Zhou, Ella Nilsen" stays."""
    parts = _ROLE_SEPARATOR.split(text)
    kept = [parts[0]]
    for part in parts[1:]:
        if _ROLE.search(part) or not part.strip():
            break
        kept.append(part)
    return ", ".join(p.strip() for p in kept if p.strip())


_ROLE_END = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|columnist|contributor|producer|photographer)$",
    re.I,
)
_ROLE_WORD = re.compile(
    r"^(?:staff|senior|chief|contributing|special|associate|deputy|assistant|sports|"
    r"political|business|national|foreign|science|health|technology|news|security|"
    r"writer|reporter|correspondent|editor|columnist|contributor|producer|photographer)s?$",
    re.I,
)


def _cut_trailing_role(text: str) -> str:
    """ "Jeff Lane AP Sports Writer" -> "Jeff Lane": a role at the end with no separator
    goes from its first word (a role word, or an agency's capitals after a name that is
    not in capitals), keeping at least two words of name."""
    words = text.split()
    if len(words) < 4 or not _ROLE_END.search(text):
        return text
    capitals = all(w.isupper() for w in words[:2])
    for i in range(2, len(words)):
        word = words[i]
        agency = not capitals and word.isupper() and 2 <= len(word) <= 5 and word.isalpha()
        if agency or _ROLE_WORD.match(word):
            return " ".join(words[:i])
    return text


def tidy_byline(text: str | None) -> str | None:
    """The names in a byline: labels, dates, profile links and roles taken off; None when
    nothing like a name is left (a date alone, "View comments")."""
    if not text:
        return None
    text = " ".join(text.split())
    if len(text) > _LONGEST or _only_date(text):
        return None
    if (m := _BY_AFTER.match(text)) and _only_date(m.group("before")):
        text = m.group("names")
    text = _LEADING_LABEL.sub("", text, count=1)
    text = _EMAIL.sub(" ", _FURNITURE.sub(" ", text))
    text = _TRAILING_DATE.sub("", text)
    text = _cut_trailing_role(_cut_roles(_HARD_SEPARATOR.sub("", text)))
    text = re.sub(r"\s+\d{1,3}$", "", text.strip(" |,;:·•/–—-→»")).strip(" |,;:·•/–—-→»")
    # "Damien Marr." loses its full stop; "Jr.", "B." and "Ltd." keep theirs.
    text = re.sub(r"(?<=[^\W\d_]{3})(?<!Ltd)(?<!Inc)(?<!Bros)(?<!Corp)\.$", "", text)
    if not text or _only_date(text) or not re.search(r"[^\W\d_]", text):
        return None
    if all(_ROLE_WORD.match(w) for w in text.split()):
        return None  # "Staff", "Staff Writers": no name (a photo credit cut short)
    return text


#: A user name rather than a person's: one word with a digit, an underscore or an "@",
#: or in lower case only ("jdoe42", "@jdoe", "mcupdate").
_HANDLE = re.compile(r"^(?=\S*(?:\d|_|@|^[a-z0-9._-]+$))[\w@.-]{3,}$")
#: A name as a byline shows it: two to five words of letters ("James Akinaka").
_PERSON = re.compile(r"^(?:By\s+)?[^\W\d_][^\s\d]*(?:\s+[^\W\d_][^\s\d]*){1,4}$")


def _host_labels(*addresses: str | None) -> set[str]:
    """The main labels of the hosts of ``addresses`` ("mcupdate" of mcupdate.tumblr.com)."""
    labels: set[str] = set()
    for address in addresses:
        try:
            host = (urlsplit(address or "").hostname or "").removeprefix("www.")
        except ValueError:
            continue
        labels.update(_squashed(label) for label in host.split(".")[:-1] if len(label) > 2)
    return labels


def with_byline(doc: lxml.html.HtmlElement, meta: Metadata, url: str) -> Metadata:
    """``meta`` with a byline from wherever the page names one, tidied.

    Markup first (JSON-LD anywhere, meta names; never the site itself as an Organization),
    then byline elements in the body, then a "By NAME" line under the headline; an element
    the byline came from is taken out of the body, since the byline is shown apart from
    the story.
    """
    sites = site_names(doc, meta, url)
    byline = meta.byline
    if byline and _squashed(byline) in {_squashed(s) for s in sites} and _is_site_org(doc, byline):
        byline = None  # the main node's author is the site itself, as an Organization
    byline = byline or json_ld_author(doc, sites) or meta_author(doc)
    handle = byline if byline is not None and _HANDLE.match(byline) else None
    if handle is not None and _squashed(handle) in _host_labels(url, meta.canonical_url):
        byline = None  # "mcupdate" on mcupdate.example.com: the site, not a person
    if byline is None or handle is not None:
        headline = headline_element(doc, meta.title)
        found = find_byline_element(doc, headline) or byline_line(headline)
        if found is not None and (handle is None or _PERSON.match(" ".join(found[0].split()))):
            # A user name in the markup ("jdoe42") gives way to the name the page shows.
            text, element = found
            byline = clean_byline(text)
            if element.getparent() is not None:
                element.drop_tree()
    tidy = tidy_byline(byline)
    return meta if tidy == meta.byline else replace(meta, byline=tidy)
