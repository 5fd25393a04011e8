"""Container choice: when readability's close candidates are other parts of the story."""

from __future__ import annotations

import lxml.html

#: Close candidates that must share an ancestor with the best one (as in Readability.js).
_PARTS = 3


def widest_part(
    best: lxml.html.HtmlElement, close: list[lxml.html.HtmlElement]
) -> lxml.html.HtmlElement:
    """The ancestor of ``best`` holding a story split across containers, or ``best``.

    Readability.js widens the best candidate to the nearest ancestor shared with three
    others that score nearly as well.  A candidate nested in the best one (a cell of its
    layout table) holds none of the story's other parts: it is not counted.  A wrapper
    of the best one counts, but an ancestor is taken only when it also holds a close
    candidate beside the best one; wrappers alone (the paragraphs' container, its
    container, ...) would widen the story to the page's layout around them.
    """
    above = set(best.iterancestors())
    parts = []
    for other in close:
        if other is best:
            continue
        ancestors = set(other.iterancestors())
        if best not in ancestors:
            parts.append((ancestors, other not in above))
    if len(parts) < _PARTS:
        return best
    for ancestor in best.iterancestors():
        if ancestor.tag in ("body", "html"):
            break
        held = [beside for ancestors, beside in parts if ancestor in ancestors]
        if len(held) >= _PARTS:
            return ancestor if any(held) else best
    return best
