"""Render the app's main views to PNG files, over a demo library it builds itself.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py --out screenshots/

A local HTTP server serves a handful of made-up news pages with photos; they are saved
into a fresh library exactly as a person would save them, then the real window is shown
in each state and grabbed: library, article (light, sepia, dark), search, failed save,
first-run welcome, a feed's stories (subscribed through the site's RSS feed), the
"Subscribe to this site's feed?" question, a teaser, highlights in the pane and the
sidebar's Highlights view in each theme.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import random
import sys
import tempfile
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image, ImageDraw, ImageFilter
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from reader.errors import SaveError
from reader.library import Library
from reader.models import NewHighlight
from reader.ui.app import build_window, close_window
from reader.ui.main_window import MainWindow
from reader.ui.settings import Theme
from reader.ui.sidebar import View
from reader.ui.tag_editor import TagDialog

SIZE = (1440, 900)

# (slug, site, title, standfirst, author, date, tags, caption, palette seed, paragraphs)
STORIES: list[tuple[str, str, str, str, str, str, tuple[str, ...], str, int, list[str]]] = [
    (
        "night-train",
        "The Northern Courier",
        "The quiet return of the night train",
        "Sleeper services are back on a dozen European routes, and travellers are booking them "
        "months ahead.",
        "Maren Holt",
        "2026-11-20T07:30:00+01:00",
        ("travel", "europe"),
        "The overnight service leaves the coast at dusk and reaches the mountains by breakfast. "
        "(Photo: Northern Courier)",
        4,
        [
            "At a quarter past nine the platform is almost empty, save for a family with a "
            "sleeping toddler and two students sharing a bag of oranges. Then the carriages "
            "slide in, long and blue, and the doors open onto narrow corridors lit like a "
            "hotel at midnight.",
            "Ten years ago this route had been cut, one of dozens of sleeper services that "
            "rail companies called too costly to run. Low-cost flights had taken their "
            "passengers, and the old carriages were sold for scrap or left in sidings.",
            "Now the night train is back. Operators have reopened routes across the continent, "
            "and many of them sell out weeks in advance. Some travellers want to fly less; "
            "others simply like waking up in a new city without an airport in between.",
            "“People tell us the journey is the holiday,” said Ines Varga, who manages "
            "bookings for one of the new operators. “They come for the view at breakfast.”",
            "The economics remain delicate. A sleeper carriage carries a fraction of the "
            "passengers of a day train, and track access fees at night are rarely lower. "
            "Several routes depend on public contracts that must be renewed every few years.",
            "Still, the numbers are moving in one direction. Bookings rose by almost a third "
            "last year, and two manufacturers are building new carriages with private "
            "cabins, showers and wider berths, the first in a generation.",
            "By midnight the corridor is quiet. Somewhere past the border the train slows, "
            "and through the gap in the curtain the lights of a sleeping town drift by, one "
            "after another, like a slow film.",
        ],
    ),
    (
        "river-town",
        "Harbour Gazette",
        "How a small town rebuilt its river",
        "Twenty years after the last mill closed, volunteers have brought salmon back to "
        "the Alder.",
        "Tom Reyes",
        "2026-11-18T12:00:00+00:00",
        ("environment",),
        "Volunteers planting willows along the restored banks of the Alder. (Photo: Harbour "
        "Gazette)",
        7,
        [
            "For most of the last century the river was a drain. The mills upstream used it "
            "to carry away dye and wool grease, and by the 1990s the water ran a different "
            "colour every week.",
            "When the last mill closed, a handful of residents started pulling shopping "
            "trolleys out of the shallows. Two decades later their group has 400 members, "
            "a boat, and a permit to rebuild the river's old meanders.",
            "This autumn, for the first time in living memory, salmon were seen spawning "
            "below the old weir.",
        ],
    ),
    (
        "ocean-floor",
        "Science Weekly",
        "Inside the race to map the ocean floor",
        "Less than a third of the seabed has been charted in detail. A fleet of uncrewed "
        "boats is changing that.",
        "Priya Natarajan",
        "2026-11-16T09:15:00+00:00",
        ("science", "oceans"),
        "An uncrewed survey vessel leaves harbour for a 30-day mapping mission.",
        2,
        [
            "We know the surface of Mars better than the floor of our own oceans. That is "
            "the line every ocean scientist uses, and it is still, just about, true.",
            "A global project aims to map the entire seabed at high resolution by the end of "
            "the decade. Its secret weapon is a fleet of small, solar-powered boats that "
            "can survey for weeks without a crew.",
            "The data are already rewriting charts: new seamounts, canyons and ridges appear "
            "with every mission.",
        ],
    ),
    (
        "heritage-grains",
        "Food & Field",
        "Why bakers are going back to heritage grains",
        "Old wheat varieties yield less, but millers say customers can taste the difference.",
        "Lena Fischer",
        "2026-11-12T08:00:00+01:00",
        ("food",),
        "Einkorn, spelt and emmer loaves cooling at a bakery in the valley.",
        11,
        [
            "The loaves are darker than you expect, and they smell of hay and toasted nuts. "
            "They are made from wheat varieties that most farms abandoned seventy years ago.",
            "Heritage grains are harder to grow and mill, and they yield far less per "
            "hectare. But a growing network of farmers, millers and bakers says the flavour "
            "is worth it.",
            "Demand now outstrips supply, and seed banks report record requests.",
        ],
    ),
    (
        "library-never-closes",
        "Metro Daily",
        "A city library that never closes",
        "Open around the clock, the new central library has become the city's living room.",
        "Sam Okafor",
        "2026-11-10T18:45:00+00:00",
        ("culture",),
        "The reading room at 3 a.m.: students, night-shift workers and a chess club.",
        5,
        [
            "At three in the morning the reading room is half full. Nurses coming off shift, "
            "students with exams, a chess club that meets when its members finish work.",
            "The library opened its doors around the clock last spring, the first in the "
            "country to do so. Staff expected a handful of night visitors; they get hundreds.",
            "Librarians say the building has become a public living room for a city that "
            "has few of them left.",
        ],
    ),
    (
        "old-satellites",
        "Orbit Review",
        "The engineers keeping old satellites alive",
        "Some spacecraft were built to last five years. Thirty years later, they still report "
        "home.",
        "Aiko Tanaka",
        "2026-11-05T14:20:00+00:00",
        ("science", "space"),
        "A mission control room that still runs software written in the 1990s.",
        9,
        [
            "The satellite was designed to last five years. It has now worked for thirty-one, "
            "long after its builders retired and its manuals went out of print.",
            "A small team of engineers keeps it running with patches written in a language "
            "few of them learned at university, and with a great deal of patience.",
            "Their work has become a model for agencies planning missions meant to last "
            "for decades.",
        ],
    ),
    (
        "four-day-week",
        "Work Journal",
        "What a four-day week did to one factory",
        "Output held steady, sick days fell by half, and the night shift got its weekends back.",
        "Dara Quinn",
        "2026-10-29T10:00:00+00:00",
        ("economy", "work"),
        "The production line at shift change.",
        13,
        [
            "When the owners of a packaging plant proposed a four-day week, the union was "
            "suspicious and the accountants were alarmed. A year later, both have changed "
            "their minds.",
            "Output is level, overtime is down, and sick days have fallen by half. The hardest "
            "part, managers say, was rewriting the rota.",
        ],
    ),
]

FAILED_PATH = "/news/2026/nov/21/an-article-that-moved/"

# A harbour paper with an RSS feed: (slug, title, standfirst, paragraphs).
FEED_SITE = "The Coast Weekly"
FEED_STORIES = [
    (
        "night-ferries",
        "Pilots vote to keep the night ferries running",
        "The last crossing of the day stays, for now, after a packed meeting at the quay.",
        [
            "The harbour pilots voted late on Tuesday to keep the night ferries running "
            "through the winter, overturning a plan to end the last crossing at nine.",
            "More than two hundred people crowded into the ferry hall, many of them shift "
            "workers who depend on the late boat to get home from the hospital and the docks.",
            "The operator says the night service loses money on most evenings. The pilots "
            "answered that a timetable is a promise, not a spreadsheet.",
        ],
    ),
    (
        "lighthouse-winter",
        "A lighthouse keeper's last winter",
        "After forty years on the point, the light is automated in spring.",
        [
            "Every evening at dusk, Ove Lind climbs the hundred and twelve steps of the "
            "lighthouse on the point, checks the lens and writes the weather in a ledger.",
            "In the spring the light will run itself. Lind will move into town, where, he "
            "says, the nights are far too bright to see the stars.",
        ],
    ),
    (
        "tide-tables",
        "The tide tables, rewritten",
        "A retired teacher found a mistake that had been printed for thirty years.",
        [
            "For three decades the harbour's tide tables carried the same small error: a "
            "correction for the new breakwater that was never applied.",
            "A retired maths teacher noticed it while fishing. The harbour office has thanked "
            "her, and the new tables are on sale at the kiosk.",
        ],
    ),
]
TEASER_TITLE = "Inside the quiet sale of the city's parking meters"


def photo(width: int, height: int, seed: int) -> bytes:
    """A calm landscape-like photo: sky gradient, sun, hills and water, softly blurred."""
    rnd = random.Random(seed)
    hue = rnd.random()
    sky_top = _hsv(hue, 0.35, 0.95)
    sky_bottom = _hsv((hue + 0.08) % 1, 0.25, 1.0)
    im = Image.new("RGB", (width, height), sky_top)
    draw = ImageDraw.Draw(im)
    horizon = int(height * rnd.uniform(0.5, 0.62))
    for y in range(horizon):
        t = y / max(1, horizon)
        draw.line([(0, y), (width, y)], fill=_mix(sky_top, sky_bottom, t))
    sun_x, sun_y, r = rnd.randint(width // 5, width * 4 // 5), horizon - height // 6, height // 10
    draw.ellipse((sun_x - r, sun_y - r, sun_x + r, sun_y + r), fill=_hsv(0.11, 0.35, 1.0))
    for layer in range(4):
        base = horizon - int(height * 0.18) + layer * int(height * 0.08)
        color = _hsv((hue + 0.35 + layer * 0.03) % 1, 0.35 + layer * 0.1, 0.65 - layer * 0.12)
        points = [(0, height)]
        phase, amp = rnd.random() * 6, height * (0.07 - layer * 0.01)
        for x in range(0, width + 40, 40):
            y = base + amp * math.sin(x / width * (3 + layer) + phase) + rnd.uniform(-6, 6)
            points.append((x, int(y)))
        points.append((width, height))
        draw.polygon(points, fill=color)
    im = im.filter(ImageFilter.GaussianBlur(2))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=88)
    return out.getvalue()


def _hsv(h: float, s: float, v: float) -> tuple[int, int, int]:
    import colorsys

    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return int(r * 255), int(g * 255), int(b * 255)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def page(story: tuple, host: str) -> str:  # type: ignore[type-arg]
    slug, site, title, standfirst, author, date, _tags, caption, _seed, paras = story
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    second = ""
    if len(paras) > 4:
        second = (
            f'<figure><img src="http://{host}/img/{slug}-2.jpg" width="1400" height="900" '
            f'alt=""><figcaption>Cabins are small but private; many travellers book a '
            f"whole compartment. (Photo: {site})</figcaption></figure>"
        )
        mid = len(paras) // 2
        body = "\n".join(
            [f"<p>{p}</p>" for p in paras[:mid]] + [second] + [f"<p>{p}</p>" for p in paras[mid:]]
        )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{standfirst}">
<meta property="og:image" content="http://{host}/img/{slug}.jpg">
<meta property="article:published_time" content="{date}">
<meta name="author" content="{author}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By <a rel="author" href="/by/{slug}">{author}</a></p>
<figure><img src="http://{host}/img/{slug}.jpg" width="1600" height="1000" alt="{title}">
<figcaption>{caption}</figcaption></figure>
{body}
</article></main>
<footer><p>© {site}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


class DemoSite:
    """A tiny threaded HTTP server over a dict of path -> (body, content type)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[bytes, str]] = {}
        self.slow: set[str] = set()  # paths answered only when ``release`` is set
        self.release = threading.Event()
        routes, slow, release = self.routes, self.slow, self.release

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path in slow:
                    release.wait(30)
                body, ctype = routes.get(self.path, (b"<h1>Not found</h1>", "text/html"))
                self.send_response(200 if self.path in routes else 404)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    loop = QEventLoop()
    waited = 0.0
    while not condition():
        if waited > timeout:
            raise TimeoutError("the window did not reach the expected state")
        QTimer.singleShot(30, loop.quit)
        loop.exec()
        waited += 0.03


def settle(ms: int = 250) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def idle(window: MainWindow) -> None:
    wait_until(lambda: not window.runner.busy)
    settle()


def feed_page(slug: str, title: str, standfirst: str, paras: list[str], host: str) -> str:
    story = (slug, FEED_SITE, title, standfirst, "Ines Varga", "2026-11-24T06:00:00+00:00",
             (), "On the quay at first light.", 40 + len(slug), paras)  # fmt: skip
    return page(story, host)


def add_feed_site(site: DemoSite) -> str:
    """The Coast Weekly's pages, photos and RSS feed; returns its home page address."""
    items = []
    for slug, title, standfirst, paras in FEED_STORIES:
        html = feed_page(slug, title, standfirst, paras, site.host)
        site.routes[f"/gazette/{slug}/"] = (html.encode(), "text/html")
        site.routes[f"/img/{slug}.jpg"] = (photo(1600, 1000, 40 + len(slug)), "image/jpeg")
        link = f"http://{site.host}/gazette/{slug}/"
        items.append(
            f"<item><title>{title}</title><link>{link}</link><guid>{slug}</guid>"
            f"<description>{standfirst}</description></item>"
        )
    rss = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{FEED_SITE}</title><link>http://{site.host}/gazette/</link>"
        + "".join(items)
        + "</channel></rss>"
    )
    site.routes["/gazette/rss.xml"] = (rss.encode(), "application/rss+xml")
    home = (
        f"<html><head><title>{FEED_SITE}</title>"
        '<link rel="alternate" type="application/rss+xml" href="/gazette/rss.xml">'
        f"</head><body><h1>{FEED_SITE}</h1></body></html>"
    )
    site.routes["/gazette/"] = (home.encode(), "text/html")
    return f"http://{site.host}/gazette/"


def add_teaser(site: DemoSite) -> str:
    """A paywalled story: only its beginning is on the page."""
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{TEASER_TITLE} | The Ledger</title><meta property="og:site_name" content="The Ledger">
<meta property="article:published_time" content="2026-11-25T09:00:00+00:00">
<meta name="author" content="Tomas Reyes"></head><body><main><article>
<h1>{TEASER_TITLE}</h1>
<p>A private fund now controls every parking meter in the city, after a sale that council
members say they learned about only when the new signs went up on the high street. The
fund will set the rates for the next thirty years. All...</p>
<div class="paywall"><p>Subscribe to keep reading.</p></div>
</article></main></body></html>"""
    site.routes["/ledger/meters/"] = (html.encode(), "text/html")
    return f"http://{site.host}/ledger/meters/"


def build_library(folder: Path, site: DemoSite) -> tuple[Library, dict[str, int]]:
    for i, story in enumerate(STORIES):
        slug, seed = story[0], story[8]
        site.routes[f"/news/{slug}/"] = (page(story, site.host).encode(), "text/html")
        site.routes[f"/img/{slug}.jpg"] = (photo(1600, 1000, seed), "image/jpeg")
        site.routes[f"/img/{slug}-2.jpg"] = (photo(1400, 900, seed + 100 + i), "image/jpeg")
    library = Library.open(folder)
    ids: dict[str, int] = {}
    for story in reversed(STORIES):
        result = library.save(f"http://{site.host}/news/{story[0]}/", story[6])
        ids[story[0]] = result.article_id
    library.set_read([ids["old-satellites"], ids["four-day-week"], ids["heritage-grains"]])
    library.set_favourite([ids["ocean-floor"], ids["night-train"]])
    library.set_archived([ids["four-day-week"]])
    with contextlib.suppress(SaveError):  # the failure is the point: it waits under Failed
        library.save(f"http://{site.host}{FAILED_PATH}")
    return library, ids


def shoot(window: MainWindow, path: Path, wait: bool = True) -> None:
    settle(150)
    window.grab()  # paints: photos on screen not decoded yet are asked for now
    if wait:  # (not while a save is held back on purpose: it would wait for it)
        idle(window)
    else:
        settle(400)
    window.grab().save(str(path))
    print(path)


def shoot_highlights(window: MainWindow, library: Library, article_id: int, out: Path) -> None:
    """The pane with highlights (and the side panel) in each theme, and the Highlights view."""
    text = library.get(article_id).text
    sentences = [s.strip() + "." for s in text.split(".") if 40 < len(s.strip()) < 160]
    notes = {1: "Ask the conductor about this.", 3: None, 4: "Quote for the newsletter."}
    for n, color in zip(
        (1, 2, 3, 4, 6), ("yellow", "green", "blue", "pink", "purple"), strict=False
    ):
        if n < len(sentences):
            library.add_highlight(article_id, sentences[n], notes.get(n), color)
    library.set_note(article_id, "Read on the train home; follow up on the sleeper routes.")
    library.add_highlights(article_id, [NewHighlight(quote="A sentence from an older version.")])
    part = window.highlights
    window.article_view.clear()  # (shown already: open it anew with its highlights)
    window.article_view.open_article(article_id)
    wait_until(lambda: part.pane.article_id == article_id and bool(part.pane.marks))
    part.dock.show()
    idle(window)
    first = part.pane.marks[0].highlight.id
    for theme in (Theme.LIGHT, Theme.SEPIA, Theme.DARK):
        window.set_theme(theme)
        idle(window)
        part.pane.scroll_to(first)
        if theme is Theme.LIGHT:  # the toolbar by a selection
            mark = part.pane.marks[-1]
            browser = window.article_view.browser
            cursor = QTextCursor(browser.document())
            cursor.setPosition(mark.end + 2)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor
            )
            browser.setTextCursor(cursor)
            part.pane.bar.show_at(browser.cursorRect(cursor).topLeft(), None, None)
        shoot(window, out / f"highlights-{theme.value}.png")
        part.pane.bar.hide()
    part.dock.hide()
    shoot_highlights_view(window, library, out)


def shoot_highlights_view(window: MainWindow, library: Library, out: Path) -> None:
    """The sidebar's Highlights view (with an article open at one) in each theme."""
    for summary in library.page().items:
        text = library.get(summary.id).text
        sentences = [s.strip() + "." for s in text.split(".") if 50 < len(s.strip()) < 200]
        if sentences and not library.highlights(summary.id):
            library.add_highlight(summary.id, sentences[0], None, "green")
            if len(sentences) > 2:
                library.add_highlight(summary.id, sentences[2], "Check the figures.", "blue")
    part, view = window.highlights, window.highlights.library_view
    window.set_theme(Theme.LIGHT)
    part.show_all.trigger()
    wait_until(lambda: view.list.count() > 3)
    idle(window)
    view.list.setCurrentRow(1)
    wait_until(lambda: window.article_view.article_id is not None)
    idle(window)
    for theme in (Theme.LIGHT, Theme.SEPIA, Theme.DARK):
        window.set_theme(theme)
        idle(window)
        current = view.current_highlight()
        if current is not None:
            part.pane.scroll_to(current)
        shoot(window, out / f"highlights-sidebar-{theme.value}.png")
    window.set_theme(Theme.LIGHT)
    window.show_view(View.ALL)
    idle(window)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Reader")
    tmp = Path(tempfile.mkdtemp(prefix="reader-shots-"))
    site = DemoSite()
    try:
        # First run: an empty library shows the welcome guide.
        empty = Library.open(tmp / "empty")
        settings = QSettings(str(tmp / "empty.ini"), QSettings.Format.IniFormat)
        settings.setValue("reading/theme", Theme.LIGHT.value)
        window = build_window(empty, settings)
        window.resize(*SIZE)
        window.show()
        wait_until(lambda: window.library_empty and window.article_view.currentIndex() == 0)
        idle(window)
        shoot(window, out / "welcome.png")
        window.close()
        close_window(window)
        empty.close()

        library, ids = build_library(tmp / "library", site)
        settings = QSettings(str(tmp / "demo.ini"), QSettings.Format.IniFormat)
        settings.setValue("reading/theme", Theme.LIGHT.value)
        window = build_window(library, settings)
        window.resize(*SIZE)
        window.show()
        wait_until(lambda: window.list_model.rowCount() >= 5)
        idle(window)

        window.select_article(ids["river-town"])
        wait_until(lambda: window.article_view.article_id == ids["river-town"])
        idle(window)
        shoot(window, out / "library.png")

        window.select_article(ids["night-train"])
        wait_until(lambda: window.article_view.article_id == ids["night-train"])
        idle(window)
        shoot(window, out / "article-light.png")

        bar = window.article_view.browser.verticalScrollBar()
        window.set_theme(Theme.SEPIA)
        bar.setValue(int(bar.maximum() * 0.42))
        idle(window)
        shoot(window, out / "article-sepia.png")

        window.set_theme(Theme.DARK)
        bar.setValue(int(bar.maximum() * 0.12))
        idle(window)
        shoot(window, out / "article-dark.png")

        window.set_theme(Theme.LIGHT)
        # A save in progress: the page arrives, its photos are held back for a while.
        story = (
            "heritage-grains-2", "Food & Field", "The mill that grinds by moonlight",
            "A water mill restored by volunteers now runs through the night.", "Lena Fischer",
            "2026-11-23T08:00:00+01:00", ("food",), "The wheel turns again.", 21, STORIES[3][9],
        )  # fmt: skip
        site.routes["/news/mill/"] = (page(story, site.host).encode(), "text/html")
        site.routes["/img/heritage-grains-2.jpg"] = (photo(1600, 1000, 21), "image/jpeg")
        site.slow.add("/img/heritage-grains-2.jpg")
        window.save_targets([f"http://{site.host}/news/mill/"])
        items = window.saves_panel.items
        wait_until(lambda: bool(items) and "images" in items[-1].status.text().lower())
        wait_until(
            lambda: (
                window.list_model.rowCount() > 0
                and window.list_model.summary(0).status.value == "pending"
            )
        )
        settle(300)
        shoot(window, out / "saving.png", wait=False)
        site.release.set()
        wait_until(lambda: items[-1].state == "done")
        idle(window)

        window.search("river")
        wait_until(lambda: window.search_model.rowCount() > 0)
        idle(window)
        shoot(window, out / "search.png")
        window.search("")

        window.save_targets([f"http://{site.host}/news/2026/nov/22/missing-page/"])
        window.show_view(View.FAILED)
        wait_until(lambda: window.list_model.rowCount() >= 1 and not window.runner.busy)
        idle(window)
        window.list_view.setCurrentIndex(window.list_model.index(0, 0))
        idle(window)
        shoot(window, out / "failed.png")

        # The tag editor for two selected articles, completing "sc" to "science".
        window.show_view(View.ALL)
        wait_until(lambda: window.list_model.rowCount() >= 5)
        idle(window)
        dialog = TagDialog(2, ["science"], window.sidebar_model.tag_names(), window)
        dialog.show()
        dialog.field.end(False)
        dialog.field.insert("oce")
        settle(200)
        dialog.grab().save(str(out / "tags-dialog.png"))
        print(out / "tags-dialog.png")
        dialog.close()

        # A feed's stories (unread counts in the sidebar's Feeds section), then a teaser.
        ids["feed"] = library.feeds.add(add_feed_site(site), ["coast"]).feed.id
        ids["teaser"] = library.save(add_teaser(site)).article_id
        window.refresh_counts()
        wait_until(lambda: window.sidebar_model.row_of_feed(ids["feed"]) is not None)
        window.navigation.show_feed(ids["feed"])
        wait_until(lambda: window.list_model.rowCount() >= 3)
        idle(window)
        window.list_view.setCurrentIndex(window.list_model.index(0, 0))
        idle(window)
        shoot(window, out / "feeds.png")
        # Pasting a site's address: "Subscribe to this site's feed?"
        site.routes["/ledger/rss.xml"] = (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>The Ledger</title>'
            b"<item><title>Meters</title><link>/ledger/meters/</link></item></channel></rss>",
            "application/rss+xml",
        )
        site.routes["/ledger/"] = (
            b'<html><head><link rel="alternate" type="application/rss+xml" '
            b'href="/ledger/rss.xml"></head><body>The Ledger</body></html>',
            "text/html",
        )
        window.add_field.setText(f"http://{site.host}/ledger/")
        window.save_commands.save_from_field()
        wait_until(lambda: window.feeds.question is not None)
        settle(200)
        question = window.feeds.question
        assert question is not None
        question.grab().save(str(out / "subscribe.png"))
        print(out / "subscribe.png")
        question.reject()
        window.show_view(View.ALL)
        wait_until(lambda: window.list_model.row_of(ids["teaser"]) is not None)
        window.select_article(ids["teaser"])
        wait_until(lambda: window.article_view.article_id == ids["teaser"])
        idle(window)
        shoot(window, out / "teaser.png")

        window.set_theme(Theme.DARK)
        window.show_view(View.ALL)
        wait_until(lambda: window.list_model.rowCount() >= 5)
        window.select_article(ids["ocean-floor"])
        idle(window)
        shoot(window, out / "library-dark.png")

        # Distraction-free: only the article; then a narrow window folds the sidebar.
        window.set_theme(Theme.LIGHT)
        window.select_article(ids["night-train"])
        wait_until(lambda: window.article_view.article_id == ids["night-train"])
        window.reading_layout.set_focus_mode(True)
        idle(window)
        shoot(window, out / "distraction-free.png")
        window.reading_layout.set_focus_mode(False)
        window.resize(900, SIZE[1])
        idle(window)
        shoot(window, out / "narrow-900.png")
        window.resize(*SIZE)
        window.show_shortcuts()
        settle(200)
        window.sheet.grab().save(str(out / "shortcuts.png"))
        print(out / "shortcuts.png")
        window.sheet.close()
        window.show_preferences()
        settle(200)
        window.preferences.grab().save(str(out / "preferences.png"))
        print(out / "preferences.png")
        window.preferences.tabs.setCurrentIndex(1)
        settle(100)
        window.preferences.grab().save(str(out / "preferences-library.png"))
        print(out / "preferences-library.png")
        window.preferences.close()
        shoot_highlights(window, library, ids["night-train"], out)
        window.close()
        close_window(window)
        library.close()
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
