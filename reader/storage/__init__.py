"""The library's storage: peewee over one SQLite file.  Only reader.storage imports peewee."""

from reader.storage.backups import FileCheck, check_library_file
from reader.storage.clock import now_iso
from reader.storage.database import DB_FILENAME
from reader.storage.migrations import SCHEMA_VERSION
from reader.storage.search import build_match
from reader.storage.store import Storage
from reader.storage.tags import normalise_tag

__all__ = [
    "DB_FILENAME",
    "SCHEMA_VERSION",
    "FileCheck",
    "Storage",
    "build_match",
    "check_library_file",
    "normalise_tag",
    "now_iso",
]
