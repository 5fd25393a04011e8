"""The freeze of issue 9, reduced: images decoded on the GUI thread and workers at once.

Run as a script (a freeze must not hang the test run): the GUI thread and three pool
threads decode JPEGs at the same time, photos at a scaled size and thumbnails cropped,
as opening an article, its next-article prefetch and the list's thumbnails did.  With
Qt's readers (``QImageReader.read`` under a lock on the GUI thread and a worker,
``QImage.fromData`` on another) this hung on futexes within seconds on PySide6 6.12 (and
sometimes on 6.8).  It prints ``decoded N`` and exits 0 when every decode returned.

``python tests/ui/decode_storm.py [ROUNDS]``
"""

from __future__ import annotations

import io
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QRunnable, QSize, QThreadPool
from PySide6.QtGui import QGuiApplication

from reader.ui.photos import decode, decode_square


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (51, 102, 153)).save(out, "JPEG", quality=85)
    return out.getvalue()


class Decodes(QRunnable):
    def __init__(self, data: bytes, rounds: int, square: bool, done: list[int]) -> None:
        super().__init__()
        self.data, self.rounds, self.square, self.done = data, rounds, square, done

    def run(self) -> None:
        for _ in range(self.rounds):
            image = (
                decode_square(self.data, 128) if self.square else decode(self.data, QSize(400, 300))
            )
            assert not image.isNull()
            self.done.append(1)


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    app = QGuiApplication(sys.argv[:1])
    data = jpeg(800, 600)
    done: list[int] = []
    pool = QThreadPool()
    pool.setMaxThreadCount(3)
    for square in (False, True, True):  # the prefetch, and two thumbnail workers
        pool.start(Decodes(data, rounds, square, done))
    for _ in range(rounds):  # the GUI thread, as loadResource did
        assert not decode(data, QSize(400, 300)).isNull()
        done.append(1)
    pool.waitForDone()
    app.processEvents()
    print(f"decoded {len(done)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
