"""The one place where errors become user-facing text (a headline and a detail line)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import ReaderError

_HEADLINES: dict[str, str] = {
    "invalid_url": "That doesn't look like a web address",
    "unsafe_scheme": "Only web pages (http and https) can be saved",
    "network_error": "The site could not be reached",
    "timeout": "The site took too long to answer",
    "http_error": "The site refused the page",
    "not_html": "That address is not a web page",
    "too_large": "The page is too large to save",
    "redirect_loop": "The site kept redirecting",
    "no_content": "No readable article was found on the page",
    "blocked_address": "The page pointed at this computer or its local network",
    "save_failed": "The page could not be saved",
    "busy": "Already being saved",
    "bad_image": "An image could not be used",
    "not_a_feed": "No feed was found at that address",
    "unsafe_feed": "The feed tried something Reader does not allow",
    "feed_error": "The feed could not be read",
    "not_found": "The article is no longer in the library",
    "storage_error": "The library could not be read or written",
    "usage": "That can't be done",
    "internal_error": "Something went wrong inside Reader",
    "bad_file": "That file cannot be imported",
    "bad_row": "A line of the file could not be read",
    "bad_archive": "That is not a sound Reader archive",
    "export_failed": "The export could not be written",
    "backup_failed": "The backup could not be used",
}


@dataclass(frozen=True, slots=True)
class Message:
    headline: str
    detail: str

    def one_line(self) -> str:
        return f"{self.headline}. {self.detail}" if self.detail else self.headline


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def describe(exc: ReaderError) -> Message:
    """A ReaderError as a headline for people and its own one-line detail."""
    return Message(_HEADLINES.get(exc.category, "Something went wrong"), _sentence(str(exc)))


def describe_stored(error: str | None) -> Message:
    """The ``category: detail`` line the library keeps for a failed save."""
    if not error:
        return Message("The page could not be saved", "")
    category, sep, detail = error.partition(": ")
    if not sep or " " in category:
        return Message(_HEADLINES["save_failed"], _sentence(error))
    return Message(_HEADLINES.get(category, _HEADLINES["save_failed"]), _sentence(detail))
