"""Turning what a person types into a safe FTS5 MATCH expression."""

from __future__ import annotations

import re

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


def build_match(text: str, prefix_last: bool = False, phrases_as_words: bool = False) -> str | None:
    """An FTS5 query ANDing every word and "quoted phrase" in ``text``; None if empty.

    Every term is quoted, so punctuation and FTS5 operators in the input (``o'brien``,
    ``(python OR``, ``NEAR``) are searched as text and never raise a syntax error.  A
    word ending in ``*`` (or the last word, with ``prefix_last``) matches as a prefix.
    With ``phrases_as_words`` a phrase becomes its longest word (for ranking).
    """
    terms: list[str] = []
    for phrase, word in _TOKEN.findall(text):
        if phrase:
            words = _WORD.findall(phrase)
            if words and phrases_as_words:
                # The longest word: usually the rarest, so the cheapest to rank by.
                terms.append('"' + max(reversed(words), key=len) + '"')
            elif words:
                terms.append('"' + " ".join(words) + '"')
            continue
        star = word.endswith("*")
        for i, part in enumerate(words := _WORD.findall(word)):
            is_last = i == len(words) - 1
            suffix = "*" if is_last and star else ""
            terms.append(f'"{part}"{suffix}')
    if not terms:
        return None
    if prefix_last and not terms[-1].endswith("*") and not text.rstrip().endswith('"'):
        terms[-1] += "*"
    return " ".join(terms)
