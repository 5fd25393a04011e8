"""Article extraction: readability-lxml plus metadata, image and cleanup rules.

``extract(html, url)`` turns one decoded page into an ``Extracted`` story.  It is pure
and thread-safe; it raises ``reader.errors.NoContentError`` when the page holds nothing
readable, and nothing else on any input.
"""

from reader.extraction.core import extract
from reader.extraction.extracted import Extracted

__all__ = ["Extracted", "extract"]
