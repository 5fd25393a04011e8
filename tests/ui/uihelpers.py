"""Helpers for GUI tests: local pages to save, waiting for background work."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from reader.library import Library
from reader.ui.main_window import MainWindow


def write_page(folder: Path, name: str, title: str, words: str, paragraphs: int = 6) -> Path:
    """A small local news page (no images) that extraction keeps whole."""
    body = "\n".join(
        f"<p>{words} Paragraph {i} tells more of the story in plain sentences, so that the "
        f"extractor finds a real article here and keeps every line of it for reading.</p>"
        for i in range(paragraphs)
    )
    path = folder / f"{name}.html"
    path.write_text(
        f"<!doctype html><html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="Test Times"></head><body>'
        f"<article><h1>{title}</h1>{body}</article></body></html>",
        "utf-8",
    )
    return path


def idle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the window's background work is done."""
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)


def saved_pages(library: Library, folder: Path, count: int) -> list[int]:
    ids = []
    for i in range(count):
        path = write_page(folder, f"page{i}", f"Story number {i}", f"Lighthouse keeper {i}.")
        ids.append(library.save(str(path), base_url=f"https://news.example/{i}").article_id)
    return ids
