"""lxml parsers whose trees are ``lxml.html`` elements, with the element lookup in C.

``lxml.html.HTMLParser`` chooses each element's class in Python (``HtmlElementClassLookup``,
for the extra methods of form fields, which nothing in Reader uses) every time an element
is touched from Python; on a news page that costs more than the parse itself.  These
parsers give every element the plain ``lxml.html.HtmlElement`` through lxml's own
``ElementDefaultClassLookup``, so every tree method Reader uses (``text_content``,
``drop_tree``, ``iterlinks``, ...) is there, for a fraction of the cost.
"""

from __future__ import annotations

from typing import Any

import lxml.etree
import lxml.html


def html_parser(**options: Any) -> lxml.etree.HTMLParser:
    """A new parser (lxml parsers are not shared between threads) with ``options``."""
    parser = lxml.etree.HTMLParser(no_network=True, **options)
    parser.set_element_class_lookup(
        lxml.etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    return parser
