"""Anchoring quotes in a text: position, exact quote with context, fuzzy, not found."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.highlights import CONTEXT, context, find_exact, find_fuzzy, locate, reanchor
from reader.models import Highlight

TEXT = (
    "The council met on Tuesday to discuss the new bridge.\n"
    "Residents said the bridge would cut their commute in half.\n"
    "The mayor said the bridge would open next spring, weather permitting.\n"
)


def _highlight(text: str, quote: str, hid: int = 1, occurrence: int = 0) -> Highlight:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    prefix, suffix = context(text, start, end)
    return Highlight(hid, 1, quote, prefix, suffix, start, end, "yellow", None, "t", True)


def test_context_is_about_32_characters_each_side() -> None:
    start = TEXT.index("commute")
    prefix, suffix = context(TEXT, start, start + 7)
    assert len(prefix) == len(suffix) == CONTEXT
    assert TEXT[start - CONTEXT : start] == prefix


def test_the_old_position_is_kept_while_the_quote_is_still_there() -> None:
    h = _highlight(TEXT, "the bridge would", occurrence=1)
    found = locate(TEXT, h.quote, h.prefix, h.suffix, h.start, h.end)
    assert found is not None and found.how == "position" and found.start == h.start


def test_a_repeated_quote_is_placed_by_its_context_after_the_text_moved() -> None:
    # "the bridge would" occurs twice; the second (the mayor's) was highlighted.
    h = _highlight(TEXT, "the bridge would", occurrence=1)
    moved = "A new first paragraph about something else entirely.\n" + TEXT
    found = locate(moved, h.quote, h.prefix, h.suffix, h.start, h.end)
    assert found is not None and found.how == "quote"
    assert moved[found.start - 15 : found.start] == "The mayor said "
    assert moved[found.start : found.end] == h.quote


def test_a_quote_copied_with_other_line_breaks_is_found_exactly() -> None:
    found = find_exact(TEXT, "the new bridge. Residents   said")
    assert found is not None
    assert found.quote == "the new bridge.\nResidents said"


def test_a_changed_word_is_placed_fuzzily_on_whole_words() -> None:
    h = _highlight(TEXT, "Residents said the bridge would cut their commute in half.")
    changed = TEXT.replace("cut their commute", "shorten their commute")
    found = locate(changed, h.quote, h.prefix, h.suffix, h.start, h.end)
    assert found is not None and found.how == "fuzzy"
    assert found.quote == "Residents said the bridge would shorten their commute in half."


def test_text_that_is_gone_is_not_found_and_short_quotes_are_never_fuzzy() -> None:
    assert find_fuzzy(TEXT, "Completely unrelated words about football results") is None
    assert locate(TEXT, "bridgx") is None
    assert locate("", "anything at all here") is None


def test_reanchor_returns_only_changes_and_keeps_the_lost_unanchored() -> None:
    kept = _highlight(TEXT, "The council met", hid=1)
    lost = _highlight(TEXT, "weather permitting", hid=2)
    imported = Highlight(3, 1, "cut their commute", "", "", None, None, "blue", "n", "t", False)
    new_text = TEXT.replace(", weather permitting", "")
    changed = {h.id: h for h in reanchor(new_text, [kept, lost, imported])}
    assert set(changed) == {2, 3}
    assert changed[2].anchored is False and changed[2].start is None
    assert changed[2].quote == "weather permitting"  # kept as it was
    placed = changed[3]
    assert placed.anchored and placed.start is not None and placed.end is not None
    assert new_text[placed.start : placed.end] == "cut their commute"
    assert placed.prefix.endswith("the bridge would ") and placed.note == "n"


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["the", "bridge", "council", "met", "river", "town"]),
        min_size=8,
        max_size=60,
    ),
    data=st.data(),
    added=st.text(alphabet="abc \n", max_size=40),
)
def test_any_highlight_is_found_again_after_text_is_added_before_it(
    words: list[str], data: st.DataObject, added: str
) -> None:
    text = " ".join(words)
    first = data.draw(st.integers(0, len(words) - 3))
    last = data.draw(st.integers(first + 1, min(len(words), first + 6)))
    start = len(" ".join(words[:first])) + (1 if first else 0)
    end = len(" ".join(words[:last]))
    h = Highlight(1, 1, text[start:end], *context(text, start, end), start, end, "yellow",
                  None, "t", True)  # fmt: skip
    assert reanchor(text, [h]) == []  # nothing changed, nothing moves
    moved_text = added + "\n" + text
    (placed,) = reanchor(moved_text, [h]) or [h]
    assert placed.anchored and placed.start is not None and placed.end is not None
    assert moved_text[placed.start : placed.end] == h.quote
    # The same place, or one no context can tell from it (a run of repeated words).
    true_start = start + len(added) + 1
    assert placed.start == true_start or context(moved_text, placed.start, placed.end) == (
        context(moved_text, true_start, true_start + len(h.quote))
    )
