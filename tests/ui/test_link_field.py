"""The link field: text is split into several saves only when every piece is an address."""

from __future__ import annotations

import pytest

from reader.ui.saving import targets_from_text

pytestmark = pytest.mark.gui


def test_several_addresses_are_several_saves() -> None:
    text = "https://example.com/a\n  example.org/b   ./story.html <https://example.net/c>"
    assert targets_from_text(text) == [
        "https://example.com/a",
        "example.org/b",
        "./story.html",
        "https://example.net/c",
    ]


@pytest.mark.parametrize("typed", ["hello world", "https://example.com/a and more"])
def test_words_stay_one_input(typed: str) -> None:
    assert targets_from_text(typed) == [typed]


def test_one_word_is_one_input() -> None:
    assert targets_from_text("  hello  ") == ["hello"]
