"""Raw handlers for LocalSite that misbehave: stall, drip, stream forever, reset.

Handlers wait on ``site.stopping`` (never sleep), so every one of them ends when the
test's server stops.  Big bodies are streamed from one reused chunk, never built.
"""

from __future__ import annotations

import socket
import struct
import zlib
from collections.abc import Callable
from functools import cache
from http.server import BaseHTTPRequestHandler

from localsite import LocalSite

Handler = Callable[[BaseHTTPRequestHandler, LocalSite], None]
CHUNK = b"<p>" + b"All work and no play makes a dull page. " * 1600 + b"</p>\n"  # ~64 KB


def stream(
    total: int | None, content_type: str, head: bytes = b"", chunk: bytes = CHUNK
) -> Handler:
    """``head`` then ``chunk`` repeated up to ``total`` bytes (None: until stopped);
    no Content-Length, so the client only learns the size by reading."""

    def handler(h: BaseHTTPRequestHandler, site: LocalSite) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(head)
        sent = len(head)
        while (total is None or sent < total) and not site.stopping.is_set():
            h.wfile.write(chunk)
            sent += len(chunk)
        h.close_connection = True

    return handler


def drip(content_type: str, every: float = 0.5, head: bytes = b"") -> Handler:
    """Headers, ``head``, then one byte every ``every`` seconds until stopped."""

    def handler(h: BaseHTTPRequestHandler, site: LocalSite) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(head)
        h.wfile.flush()
        while not site.stopping.wait(every):
            h.wfile.write(b" ")
            h.wfile.flush()
        h.close_connection = True

    return handler


def drip_headers(every: float = 0.5) -> Handler:
    """A status line, then one header line every ``every`` seconds, never a body."""

    def handler(h: BaseHTTPRequestHandler, site: LocalSite) -> None:
        h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        h.wfile.flush()
        n = 0
        while not site.stopping.wait(every):
            n += 1
            h.wfile.write(f"X-Slow-{n}: yes\r\n".encode())
            h.wfile.flush()
        h.close_connection = True

    return handler


def stall(content_type: str, body_start: bytes, announced: int) -> Handler:
    """Announce ``announced`` bytes, send ``body_start``, then go silent until stopped."""

    def handler(h: BaseHTTPRequestHandler, site: LocalSite) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(announced))
        h.end_headers()
        h.wfile.write(body_start)
        h.wfile.flush()
        site.stopping.wait(30)
        h.close_connection = True

    return handler


def reset(h: BaseHTTPRequestHandler, site: LocalSite) -> None:
    """Close the connection with a TCP RST before answering."""
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()
    h.close_connection = True


def raw(data: bytes) -> Handler:
    """Write ``data`` as the whole response, status line included, then close."""

    def handler(h: BaseHTTPRequestHandler, site: LocalSite) -> None:
        h.wfile.write(data)
        h.wfile.flush()
        h.close_connection = True

    return handler


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@cache
def png_bomb(side: int = 20_000) -> bytes:
    """A real 1-bit PNG of side x side pixels (400 million by default) in about 50 KB."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    z = zlib.compressobj(9)
    parts = [z.compress(row) for _ in range(side)]
    parts.append(z.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", b"".join(parts))
        + _png_chunk(b"IEND", b"")
    )


@cache
def gif_frames(frames: int = 20_000) -> bytes:
    """A 10x10 GIF with ``frames`` frames: cheap to send, costly to count."""
    header = b"GIF89a" + struct.pack("<HH", 10, 10) + b"\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    frame = (
        b"\x21\xf9\x04\x00\x01\x00\x00\x00"  # graphic control: 1/100 s
        + b"\x2c\x00\x00\x00\x00\x0a\x00\x0a\x00\x00"  # image descriptor 10x10
        + b"\x02\x08\x84\x8f\xa9\xcb\xed\x0f\x63\x2b\x00"  # LZW data
    )
    return header + loop + frame * frames + b"\x3b"
