"""Measures of a story's text: its words, its reading time, its first sentences."""

from __future__ import annotations

import re

WORDS_PER_MINUTE = 230
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def count_words(text: str) -> int:
    """Words of ``text``; CJK scripts have no spaces: two characters count as a word."""
    cjk = len(_CJK.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + (cjk + 1) // 2


def reading_minutes(words: int) -> int:
    """Minutes to read ``words`` words (at least 1 for any text)."""
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0


def first_sentences(text: str, limit: int = 240) -> str | None:
    """The first paragraph of ``text``, cut at a word before ``limit`` characters."""
    para = next((p.strip() for p in text.split("\n") if p.strip()), "")
    if not para:
        return None
    if len(para) <= limit:
        return para
    cut = para[:limit].rsplit(" ", 1)[0]
    return cut + "…"
