"""Benchmark: a 1,000-article EPUB with photos, against the floor of writing its bytes.

Usage: ``python bench/export_epub.py [--articles 1000] [--repeat 3]``

The library is built with bench/make_library.py's generator (Zipf text, 300 to 1500
words), every article given one or two 320x213 JPEG photos.  Ours: ``reader export
--format epub`` (``reader.exporters.export``), reading the articles from the library,
preparing each chapter and writing the book.  Floor, in the same run: the same entries
(names, bytes, compression) written with ``zipfile`` alone.  Prints ours / floor.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

import common
import make_library
from bulk_store import import_articles

from reader.exporters import export
from reader.library import Library
from reader.models import ImageRecord
from reader.storage import Storage


def build(folder: Path, articles: int) -> None:
    make_library._init_worker()
    items = make_library.make_batch((0, articles, articles, 1))
    out = []
    for i, item in enumerate(items):
        new = item.article
        if not new.images:
            photos = []
            for n in range(1 + i % 2):
                data = make_library._small[(i + n) % make_library.SMALL_PHOTOS][0]
                src = f"https://img.example/{i}/{n}.jpg"
                key = make_library._key(src)
                photos.append(ImageRecord(key, src, "image/jpeg", 320, 213, data))
            figures = "".join(
                f'<figure><img src="reader://image/{p.key}" alt="" width="320" height="213">'
                f"<figcaption>Photo {n}</figcaption></figure>"
                for n, p in enumerate(photos)
            )
            new = replace(new, images=tuple(photos), lead_image=photos[0].key,
                          html=figures + new.html)  # fmt: skip
        out.append(replace(item, article=new, status=make_library.Status.SAVED, error=None))
    storage = Storage(folder)
    import_articles(storage, out)
    storage.close()


def _write(entries: list[tuple[zipfile.ZipInfo, bytes]], dest: Path) -> None:
    with zipfile.ZipFile(dest, "w") as zf:
        for info, data in entries:
            zf.writestr(info.filename, data, compress_type=info.compress_type)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "library"
        build(folder, args.articles)
        book = Path(tmp) / "book.epub"
        with Library.open(folder) as library:
            ids = library.selection()
            ours = common.timed(lambda: export(library, ids, "epub", book), args.repeat)
        with zipfile.ZipFile(book) as src:
            entries = [(info, src.read(info)) for info in src.infolist()]
        photos = sum(1 for info, _ in entries if info.filename.startswith("EPUB/images/"))
        copy = Path(tmp) / "floor.epub"
        base = common.timed(lambda: _write(entries, copy), args.repeat)
        size = book.stat().st_size / 1e6
    o, b = statistics.median(ours), statistics.median(base)
    print(f"EPUB of {len(ids):,} articles, {photos:,} photos, {size:.1f} MB")
    print(f"ours (export):     median {o:,.0f} ms  ({args.repeat} runs: "
          f"{', '.join(f'{x:,.0f}' for x in ours)})")  # fmt: skip
    print(f"floor (zipfile):   median {b:,.0f} ms  ({', '.join(f'{x:,.0f}' for x in base)})")
    print(f"ratio ours / floor: {o / b:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
