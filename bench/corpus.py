"""News-like synthetic articles for the scale benchmark: Zipf word frequencies, deterministic.

The vocabulary starts with real English function words and news words in rough frequency
order, then a long tail of made-up words built from syllables, so that word frequencies
follow Zipf's law (the n-th most common word appears about 1/n as often as the first).
Stock phrases ("prime minister", "interest rates") are sprinkled into paragraphs, so a
phrase search has realistic, common two-word phrases to find.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

_HEAD = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "for",
    "on",
    "was",
    "with",
    "he",
    "it",
    "as",
    "said",
    "by",
    "at",
    "from",
    "his",
    "be",
    "an",
    "have",
    "has",
    "are",
    "but",
    "not",
    "this",
    "they",
    "had",
    "were",
    "its",
    "who",
    "which",
    "their",
    "will",
    "been",
    "would",
    "more",
    "one",
    "after",
    "also",
    "about",
    "over",
    "than",
    "new",
    "year",
    "there",
    "people",
    "when",
    "last",
    "first",
    "up",
    "two",
    "into",
    "out",
    "government",
    "other",
    "could",
    "all",
    "some",
    "time",
    "she",
    "her",
    "president",
    "what",
    "police",
    "years",
    "said",
    "told",
    "if",
    "can",
    "state",
    "just",
    "we",
    "no",
    "only",
    "against",
    "three",
    "government",
    "world",
    "week",
    "minister",
    "may",
    "since",
    "because",
    "city",
    "while",
    "before",
    "many",
    "under",
    "million",
    "officials",
    "public",
    "day",
    "country",
    "national",
    "people",
    "former",
    "percent",
    "most",
    "where",
    "company",
    "during",
    "court",
    "report",
    "group",
    "both",
    "down",
    "made",
    "very",
    "back",
    "even",
    "through",
    "health",
    "months",
    "house",
    "told",
    "second",
    "told",
    "officials",
    "political",
    "security",
    "united",
    "party",
    "say",
    "including",
    "well",
    "law",
    "support",
    "military",
    "home",
    "early",
    "local",
    "family",
    "children",
    "school",
    "economic",
    "market",
    "business",
    "water",
    "women",
    "could",
    "another",
    "plans",
    "news",
    "found",
    "high",
    "next",
    "policy",
    "power",
    "office",
    "campaign",
    "between",
    "part",
    "according",
    "long",
    "still",
    "around",
    "made",
    "long",
    "election",
    "decision",
    "called",
    "week",
    "days",
    "left",
    "show",
    "war",
    "deal",
    "workers",
    "service",
    "money",
    "federal",
    "team",
    "rights",
    "early",
    "death",
    "program",
    "director",
    "trade",
    "help",
    "area",
    "prime",
    "minister",
    "climate",
    "change",
    "interest",
    "rates",
    "central",
    "bank",
    "white",
    "house",
    "supreme",
    "court",
    "foreign",
    "affairs",
    "chief",
    "executive",
    "human",
    "rights",
    "social",
    "media",
    "middle",
    "east",
    "stock",
    "market",
    "real",
    "estate",
    "energy",
    "prices",
]

_SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "ca",
    "ce",
    "co",
    "cu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "fa",
    "fe",
    "fi",
    "fo",
    "ga",
    "ge",
    "go",
    "gu",
    "ha",
    "he",
    "hi",
    "ho",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "pa",
    "pe",
    "pi",
    "po",
    "pu",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "va",
    "ve",
    "vi",
    "vo",
    "za",
    "ze",
    "zo",
    "con",
    "pro",
    "pre",
    "tra",
    "str",
    "ment",
    "tion",
    "ver",
    "ber",
    "gan",
    "dor",
    "lin",
    "mar",
    "sen",
    "tal",
    "ton",
    "ran",
    "ler",
]

PHRASES = (
    "prime minister",
    "climate change",
    "interest rates",
    "white house",
    "supreme court",
    "central bank",
    "foreign affairs",
    "chief executive",
    "human rights",
    "social media",
    "middle east",
    "stock market",
    "real estate",
    "energy prices",
    "public health",
    "police said",
    "last year",
    "local elections",
    "trade deal",
    "united states",
)

SITES = tuple(
    f"{a} {b}"
    for a, b in itertools.product(
        ("The Daily", "Morning", "Evening", "Northern", "Coastal", "Capital", "Weekly", "Global"),
        ("Herald", "Chronicle", "Post", "Times", "Gazette", "Record", "Observer", "Ledger"),
    )
)

TAGS = [
    "politics",
    "economy",
    "climate",
    "technology",
    "science",
    "health",
    "europe",
    "asia",
    "africa",
    "americas",
    "sport",
    "culture",
    "books",
    "longread",
    "to-read",
    "research",
    "work",
    "recipes",
    "travel",
    "history",
    "law",
    "energy",
    "education",
    "housing",
    "transport",
    "media",
    "security",
    "space",
]

_FIRST = [
    "Anna",
    "Ben",
    "Chloe",
    "David",
    "Emma",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kofi",
    "Lena",
    "Marta",
    "Nina",
    "Omar",
]
_LAST = [
    "Adams",
    "Baker",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kim",
    "Lopez",
    "Moreau",
]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    words: tuple[str, ...]
    cum_weights: tuple[float, ...]


def vocabulary(size: int = 60_000, seed: int = 7) -> Vocabulary:
    """The head words, then made-up words, weighted 1/rank (Zipf, s = 1)."""
    rnd = random.Random(seed)
    seen: set[str] = set()
    words: list[str] = []
    for w in _HEAD:
        if w not in seen:
            seen.add(w)
            words.append(w)
    while len(words) < size:
        w = "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.choice((2, 2, 3, 3, 3, 4))))
        if w not in seen:
            seen.add(w)
            words.append(w)
    cum = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(words))))
    return Vocabulary(tuple(words), tuple(cum))


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    byline: str
    site_name: str
    paragraphs: tuple[str, ...]


class StoryWriter:
    """Writes stories from one random stream: the same seed gives the same stories."""

    def __init__(self, vocab: Vocabulary, seed: int) -> None:
        self.vocab = vocab
        self.rnd = random.Random(seed)
        self._phrase_weights = list(
            itertools.accumulate(1.0 / (r + 1) for r in range(len(PHRASES)))
        )

    def words(self, n: int) -> list[str]:
        return self.rnd.choices(self.vocab.words, cum_weights=self.vocab.cum_weights, k=n)

    def story(self, min_words: int = 300, max_words: int = 1500) -> Story:
        rnd = self.rnd
        # Most articles are short to medium; a few are long reads.
        total = int(min_words + (max_words - min_words) * rnd.random() ** 1.6)
        title_words = self.words(rnd.randint(6, 12))
        title = " ".join(title_words).capitalize()
        paragraphs: list[str] = []
        left = total
        while left > 0:
            n = min(left, rnd.randint(40, 120))
            left -= n
            words = self.words(n)
            if rnd.random() < 0.35:
                phrase = rnd.choices(PHRASES, cum_weights=self._phrase_weights)[0]
                words.insert(rnd.randrange(len(words)), phrase)
            sentences: list[str] = []
            i = 0
            while i < len(words):
                j = i + rnd.randint(8, 28)
                sentences.append(" ".join(words[i:j]).capitalize() + ".")
                i = j
            paragraphs.append(" ".join(sentences))
        byline = f"{rnd.choice(_FIRST)} {rnd.choice(_LAST)}"
        return Story(title, byline, rnd.choice(SITES), tuple(paragraphs))

    def long_story(self, words: int) -> Story:
        story = self.story(words, words)
        return story
