"""What a render of a 1 MB article costs the GUI thread in Python: parsing the body on
every render (as before) against joining a document prepared once on a worker.

``python bench/document_prep.py [--repeat N]`` prints both medians and their ratio,
measured in the same run (Qt's own ``setHtml`` and layout come on top of either).
"""

from __future__ import annotations

import argparse
import statistics

import common

from reader.ui.article_html import prepare_body, qt_body


def body(paragraphs: int = 800) -> tuple[str, dict[str, tuple[int, int]]]:
    """About 0.9 MB of article: paragraphs with links and emphasis, a photo every 40."""
    text = (
        "Words of a long article, with <a href='https://x.example/'>links</a> "
        "and <em>emphasis</em>. "
    )
    parts, sizes = [], {}
    for i in range(paragraphs):
        parts.append(f"<p>{text * 12}</p>")
        if i % 40 == 0:
            src = f"reader://image/{i}"
            sizes[src] = (600, 400)
            parts.append(f'<figure><img src="{src}"><figcaption>A photo.</figcaption></figure>')
    return "".join(parts), sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    html, sizes = body()
    prepared = prepare_body(html)
    parse = common.timed(lambda: qt_body(html, sizes), args.repeat)
    join = common.timed(lambda: prepared.html(sizes), args.repeat)
    old, new = statistics.median(parse), statistics.median(join)
    print(f"body: {len(html) / 1e6:.2f} MB, {len(sizes)} photos")
    print(f"parse on every render (baseline): {old:.1f} ms median")
    print(f"prepared once, joined per render: {new:.2f} ms median")
    print(f"ratio: {old / new:.0f}x less GUI-thread time per render")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
