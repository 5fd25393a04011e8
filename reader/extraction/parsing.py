"""Parsing a page as browsers do: the HTML5 algorithm (lexbor, via selectolax) into lxml trees.

libxml2's HTML parser is not HTML5: it nests everything after an unclosed ``<embed>``
inside it, loses text after a ``<form>`` of bare ``<input>``/``<button>``, and closes
paragraphs where browsers do not.  lexbor follows the WHATWG tree-construction rules;
its tree is copied into lxml (readability-lxml and every rule here work on lxml trees)
through lxml's own ``TreeBuilder``.  Pure and thread-safe.
"""

from __future__ import annotations

import functools
import re

import lxml.etree
import lxml.html
from selectolax.lexbor import LexborHTMLParser, LexborNode

from reader.html_trees import html_parser

_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_XML_NAMES = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*(?: [A-Za-z_][A-Za-z0-9_.\-]*)*")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.\-]")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Only its element classes are used (the tree is built by ``TreeBuilder``).
_HTML_PARSER = html_parser()


@functools.lru_cache(maxsize=1024)
def _element_name(tag: str) -> str:
    # Names lxml refuses ("g:plusone", "fb:like") keep their letters, as custom elements.
    if _XML_NAME.match(tag):
        return tag
    name = _NOT_NAME.sub("-", tag)
    return name if _XML_NAME.match(name) else f"x-{name}"


def _attributes(node: LexborNode) -> dict[str, str | None] | dict[str, str]:
    given = node.attributes
    if not given:
        return {}
    if _XML_NAMES.fullmatch(" ".join(given)) and None not in given.values():
        return given  # the common case, checked in one regex call
    attributes: dict[str, str] = {}
    for name, value in given.items():
        if _XML_NAME.match(name):
            attributes[name] = value or ""
        elif name == "xml:lang":
            attributes[_XML_LANG] = value or ""
        # else junk such as 'laws"' or 'xmlns:fb': no browser-visible meaning
    return attributes


def parse_html5(html: str) -> lxml.html.HtmlElement:
    """The document tree of ``html`` built by the HTML5 algorithm, as ``lxml.html`` elements.

    Comments, the doctype and processing instructions are left out.  Raises ValueError
    (from lxml) on text it cannot hold, which callers treat like any unparsable page.
    """
    root = LexborHTMLParser(html).root
    if root is None or not root.tag:
        raise ValueError("no document element")
    builder = lxml.etree.TreeBuilder(parser=_HTML_PARSER)
    builder.start(_element_name(root.tag), _attributes(root))
    # Depth-first without recursion: a page may nest thousands of elements.
    siblings: list[LexborNode | None] = [root.child]
    names = [_element_name(root.tag)]
    while siblings:
        node = siblings[-1]
        if node is None:
            siblings.pop()
            builder.end(names.pop())
            if siblings:
                current = siblings[-1]
                siblings[-1] = current.next if current is not None else None
            continue
        tag = node.tag  # "-text", "_comment", "!doctype" or an element's name
        if tag == "-text":
            builder.data(node.text_content or "")
        elif tag and tag[0] not in "-_!#":
            name = _element_name(tag)
            builder.start(name, _attributes(node))
            names.append(name)
            siblings.append(node.child)
            continue
        siblings[-1] = node.next
    document: lxml.html.HtmlElement = builder.close()
    return document
