"""The library's storage: peewee over one SQLite file.  Only reader.storage imports peewee."""

from reader.storage.clock import now_iso
from reader.storage.database import DB_FILENAME
from reader.storage.search import build_match
from reader.storage.store import (
    ImportItem,
    Storage,
    normalise_tag,
)

__all__ = [
    "DB_FILENAME",
    "ImportItem",
    "Storage",
    "build_match",
    "normalise_tag",
    "now_iso",
]
