"""A real HTTP server on 127.0.0.1 for tests: static routes, redirects and hostile handlers.

Every request path is logged in ``LocalSite.log`` so tests can prove what was (or was
not) requested.  Handlers that stream forever stop when the server shuts down.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

DATA = Path(__file__).parent / "data"
NEWS_PATH = "/news/2024/jul/31/killing-of-hamas-leader-points-to-break-with-u-s/"

Handler = Callable[[BaseHTTPRequestHandler, "LocalSite"], None]


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    handler: Handler | None = None


class LocalSite:
    def __init__(self, address: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[str] = []
        self.stopping = threading.Event()
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.log.append(self.path)
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                if route is None:
                    self._send(404, b"<html><body><h1>Not found</h1></body></html>",
                               {"Content-Type": "text/html"})  # fmt: skip
                    return
                if route.handler is not None:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        route.handler(self, site)
                    return
                self._send(route.status, route.body, route.headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        class _Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                # A client that hangs up mid-request (a cancelled image, a killed
                # process) is normal here: note it instead of printing a traceback.
                site.errors.append(sys.exc_info()[1])

        self.errors: list[BaseException | None] = []
        self.server = _Server((address, 0), _Handler)  # benchmarks use other 127.x hosts
        self.server.daemon_threads = True
        # Poll for shutdown every 50 ms (not 500): tests start and stop many servers.
        self.thread = threading.Thread(
            target=lambda: self.server.serve_forever(poll_interval=0.05), daemon=True
        )

    @property
    def host(self) -> str:
        address, port = self.server.server_address[:2]
        return f"{address}:{port}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def start(self) -> LocalSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def add(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update(headers or {})
        self.routes[path] = Route(data, status, all_headers)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(b"", status, {"Location": location})
        return self.url(path)

    def handle(self, path: str, handler: Handler) -> str:
        self.routes[path] = Route(handler=handler)
        return self.url(path)

    def add_news_story(self) -> str:
        """The sample regional news page with its two photos; returns the page URL."""
        page = (DATA / "pages" / "news-article.html").read_text("utf-8")
        self.add(NEWS_PATH, page.replace("{HOST}", self.host))
        for name, size, seed in (
            ("haniyeh-poster-1200.jpg", (1200, 800), 1),
            ("haniyeh-poster-600.jpg", (600, 400), 1),
            ("tehran-protest-800.jpg", (800, 533), 2),
            ("tehran-protest-1600.jpg", (1600, 1067), 2),
        ):
            self.add(f"/uploads/2024/07/{name}", photo(*size, seed=seed), "image/jpeg")
        self.add("/static/logo.png", photo(240, 40, seed=3, fmt="PNG"), "image/png")
        return self.url(NEWS_PATH)


_PHOTO_CACHE: dict[tuple[int, int, int, str], bytes] = {}


def photo(width: int, height: int, seed: int = 0, fmt: str = "JPEG") -> bytes:
    """A photo-like image (gradients, shapes, grain) so codecs behave as on real photos."""
    key = (width, height, seed, fmt)
    if key in _PHOTO_CACHE:
        return _PHOTO_CACHE[key]
    rnd = random.Random(seed)
    base = Image.linear_gradient("L").resize((width, height))
    r = base.point(lambda v: (v + rnd.randrange(256)) % 256)
    g = base.transpose(Image.Transpose.FLIP_LEFT_RIGHT).point(lambda v: v // 2 + 60)
    b = Image.effect_noise((width, height), 40).point(lambda v: (v + 90) % 256)
    im = Image.merge("RGB", (r, g, b))
    draw = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = rnd.randrange(width), rnd.randrange(height)
        s = rnd.randrange(10, max(11, min(width, height) // 3))
        draw.ellipse((x, y, x + s, y + s), fill=tuple(rnd.randrange(256) for _ in range(3)))
    im = im.filter(ImageFilter.GaussianBlur(1))
    out = io.BytesIO()
    im.save(out, fmt, quality=88) if fmt == "JPEG" else im.save(out, fmt)
    _PHOTO_CACHE[key] = out.getvalue()
    return _PHOTO_CACHE[key]
