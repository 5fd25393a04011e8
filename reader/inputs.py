"""What a person gives Reader to save, checked the same way at every door (add, retry,
refresh, import, feeds): a checked http(s) address, or a local HTML file named by its path.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.errors import NotFoundError, NotHTMLError, SaveError

_BARE_HOST = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?(/|$)")
_FILE_ENDINGS = (".html", ".htm", ".xhtml", ".txt")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def normalise_input(target: str) -> str:
    """What a person typed, as a URL: ``example.com/x`` becomes ``https://example.com/x``."""
    target = target.strip()
    host = target.split("/")[0]
    if "://" not in target and ":" not in host and _BARE_HOST.match(target):
        return "https://" + target
    return target


def check_address(target: str) -> str:
    """``target`` as a checked absolute http(s) URL (a bare ``example.com/x`` gets
    https://); raises InvalidURLError or UnsafeSchemeError.  Every door that fetches
    (add, retry, refresh, import, feeds) goes through this one check."""
    from reader.fetcher import check_url

    return check_url(normalise_input(target))


def looks_like_path(target: str) -> bool:
    """Whether ``target`` was meant as a file on this computer rather than an address."""
    if "://" in target:
        return False
    named_file = target.lower().endswith(_FILE_ENDINGS)
    if "/" not in target and named_file:
        return True  # "page.html": no host is named like that
    if _BARE_HOST.match(target):
        return False
    return (
        target.startswith(("/", "./", "../", "~", "\\"))
        or bool(_WINDOWS_DRIVE.match(target))
        or (named_file and ("/" in target or "\\" in target))
    )


def local_file(target: str) -> Path | None:
    """The local HTML file ``target`` names, None when it is not a path at all.

    Raises NotFoundError for a path to nothing, NotHTMLError for a folder or a file
    that is not HTML (``notes.txt``, ``/etc/hostname``)."""
    if not target or "://" in target or not (looks_like_path(target) or Path(target).exists()):
        return None
    path = Path(target).expanduser()
    if not path.exists():
        raise NotFoundError(f"no such file: {target}")
    if not path.is_file():
        raise NotHTMLError(f"{target} is a folder, not an HTML file")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise SaveError(f"cannot read {target}: {exc.strerror}") from None
    from reader.fetcher import looks_like_html

    if not looks_like_html(head):
        raise NotHTMLError(f"{target} is not an HTML file")
    return path.resolve()
