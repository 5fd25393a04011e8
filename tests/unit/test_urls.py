"""URL identity: the same story under different addresses is one article."""

import pytest

from reader.library import normalise_input
from reader.urls import url_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.Example.com/news/a?utm_source=x&utm_medium=y", "http://example.com/news/a"),
        ("https://example.com/news/a/#comments", "https://example.com/news/a"),
        ("https://example.com:443/a?b=2&a=1&fbclid=zz", "https://example.com/a?a=1&b=2"),
        ("https://example.com", "https://example.com/"),
    ],
)
def test_same_story_same_key(a: str, b: str) -> None:
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.com/a?id=1", "https://example.com/a?id=2"),
        ("https://example.com/a", "https://example.org/a"),
        ("https://example.com:8080/a", "https://example.com/a"),
    ],
)
def test_different_stories_differ(a: str, b: str) -> None:
    assert url_key(a) != url_key(b)


def test_bare_host_gets_https() -> None:
    assert normalise_input(" example.com/news/1 ") == "https://example.com/news/1"
    assert normalise_input("localhost:8000/x") == "localhost:8000/x"
    assert normalise_input("not a url") == "not a url"
