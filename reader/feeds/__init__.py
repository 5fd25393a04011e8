"""Feeds: subscribing to sites (discovery, OPML), parsing RSS/Atom/JSON Feed, polite updates.

Nothing is imported here, so ``reader.storage`` can use ``reader.feeds.models`` without
pulling in the parser or HTTP.  The facade is ``reader.feeds.service.Feeds``
(``Library.feeds``).
"""
