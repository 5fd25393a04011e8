"""Reader's one error hierarchy: every failure a user can meet is a ReaderError.

Each error carries a stable ``category`` (used in ``error: CATEGORY: detail`` lines, in
``--json`` output and in the library's record of a failed save) and a one-line message.
Anything that is not a ReaderError is a bug and is allowed to propagate.
"""

from __future__ import annotations


class ReaderError(Exception):
    """Root of every error Reader reports to a person."""

    category = "error"

    def __init__(self, message: str) -> None:
        # Keep messages to one line: they are printed after "error: CATEGORY: ".
        super().__init__(" ".join(str(message).split()))

    @property
    def message(self) -> str:
        return str(self)

    def one_line(self) -> str:
        return f"{self.category}: {self}"


class SaveError(ReaderError):
    """Saving an article failed; the URL stays in the library as failed.

    ``article_id`` is the id of the failed record when one was kept (None when the
    input was refused before anything was recorded, e.g. not an address at all).
    """

    article_id: int | None = None

    category = "save_failed"


class SaveBusyError(SaveError):
    """Another Reader (another process on this library) is saving this very article now;
    nothing was changed, and that save carries on."""

    category = "busy"


class InvalidURLError(SaveError, ValueError):
    category = "invalid_url"


class UnsafeSchemeError(SaveError):
    """A URL or a redirect pointed at a scheme other than http/https."""

    category = "unsafe_scheme"


class NetworkError(SaveError):
    category = "network_error"


class BlockedAddressError(SaveError):
    """A page on the internet asked for something on the person's own network."""

    category = "blocked_address"


class FetchTimeoutError(NetworkError):
    category = "timeout"


class HTTPStatusError(SaveError):
    category = "http_error"

    def __init__(self, status: int, message: str, retry_after: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after  # the server's Retry-After header, if any


class NotHTMLError(SaveError):
    category = "not_html"


class TooLargeError(SaveError):
    category = "too_large"


class RedirectLoopError(SaveError):
    category = "redirect_loop"


class NoContentError(SaveError):
    """The page held nothing readable."""

    category = "no_content"


class ImageError(ReaderError):
    """One image could not be used; the article is saved without it."""

    category = "bad_image"


class FeedError(ReaderError):
    """A feed could not be read or followed."""

    category = "feed_error"


class NotAFeedError(FeedError):
    """The address holds no RSS, Atom or JSON Feed (and, for a page, points at none)."""

    category = "not_a_feed"


class UnsafeFeedError(FeedError):
    """The feed declares XML entities or DTD parts that Reader never expands or loads."""

    category = "unsafe_feed"


class NotFoundError(ReaderError, LookupError):
    category = "not_found"


class StorageError(ReaderError):
    """The library file could not be read or written (locked, read-only, full, corrupt)."""

    category = "storage_error"


class UsageError(ReaderError, ValueError):
    """A command or argument the person gave cannot be carried out as given."""

    category = "usage"


class ExportError(ReaderError):
    """An export could not be written (unwritable folder, disk full); no partial file is left."""

    category = "export_failed"


class BackupError(ReaderError):
    """A backup could not be made, or a file given to restore is not a sound Reader backup."""

    category = "backup_failed"


class ArchiveError(ReaderError):
    """A file given as a Reader archive is not one, is damaged, or is of a newer version."""

    category = "bad_archive"


class ImportFileError(ReaderError):
    """An export file cannot be imported as a whole (unknown format, corrupt or unsafe
    zip, too large, the wrong shape); nothing of it is imported."""

    category = "bad_file"


class ImportRowError(ReaderError):
    """One row or entry of an export file is unusable; the rest of the file imports."""

    category = "bad_row"


SAVE_ERROR_CATEGORIES: dict[str, type[SaveError]] = {
    cls.category: cls
    for cls in (
        SaveError,
        InvalidURLError,
        UnsafeSchemeError,
        NetworkError,
        BlockedAddressError,
        FetchTimeoutError,
        HTTPStatusError,
        NotHTMLError,
        TooLargeError,
        RedirectLoopError,
        NoContentError,
    )
}
