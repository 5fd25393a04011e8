"""Export files of every format for the import tests, made from tests/data/imports.

``{HOST}`` in the files becomes the local server's address; the Pocket and Omnivore
folders become zips, as the services send them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

IMPORTS = Path(__file__).parent / "data" / "imports"
FILES = {
    "pocket": "pocket.zip",
    "pocket-csv": "pocket-2019.csv",
    "pocket-html": "ril_export.html",
    "instapaper-old": "instapaper-old.csv",
    "instapaper-new": "instapaper-new.csv",
    "omnivore": "omnivore.zip",
    "wallabag": "wallabag.json",
    "readeck": "readeck.json",
    "karakeep": "karakeep.json",
    "linkwarden": "linkwarden.json",
    "bookmarks": "bookmarks.html",
    "urls": "urls.txt",
}


def _zip_folder(folder: Path, target: Path, host: str) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                text = path.read_bytes().replace(b"{HOST}", host.encode())
                z.writestr(path.relative_to(folder).as_posix(), text)


def make_exports(target: Path, host: str) -> dict[str, Path]:
    """Every fixture export in ``target``, pointing at ``host``; by kind."""
    target.mkdir(parents=True, exist_ok=True)
    for path in IMPORTS.iterdir():
        if path.is_file():
            data = path.read_bytes().replace(b"{HOST}", host.encode())
            (target / path.name).write_bytes(data)
    _zip_folder(IMPORTS / "pocket", target / "pocket.zip", host)
    _zip_folder(IMPORTS / "omnivore", target / "omnivore.zip", host)
    return {kind: target / name for kind, name in FILES.items()}
