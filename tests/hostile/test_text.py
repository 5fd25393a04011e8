"""Encodings that lie, scripts from right to left, control characters, absurd titles."""

from __future__ import annotations

import codecs

import pytest
from hostile_checks import save_outcome
from localsite import LocalSite

from reader.library import Library
from reader.models import Status

RUSSIAN = "Городской совет утвердил новый план развития гавани после долгих споров жителей"
JAPANESE = (
    "市議会は住民との長い議論の末、港の新しい開発計画を承認した。工事は来年の春に始まる予定だ。"
)
FRENCH = "Le conseil municipal a approuvé le projet du port après un débat très animé à l'été"
ARABIC = "وافق المجلس البلدي على خطة تطوير الميناء الجديدة بعد نقاش طويل مع السكان"
CHINESE = "市议会在与居民进行长时间辩论后批准了新的港口发展计划，工程预计明年春天开始。"
HEBREW = "מועצת העיר אישרה את תוכנית הנמל החדשה לאחר דיון ארוך עם התושבים"


def _doc(text: str, title: str, meta: str = "", lang: str = "en", dir_: str = "") -> str:
    paragraphs = "".join(f"<p>{text} {text} {text}.</p>" for _ in range(5))
    direction = f' dir="{dir_}"' if dir_ else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"{direction}><head>{meta}<title>{title}</title></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


CASES = {
    # name: (body bytes, Content-Type header, text expected in the saved article)
    "windows-1251 in HTTP": (
        _doc(RUSSIAN, "Совет").encode("cp1251"), "text/html; charset=windows-1251", RUSSIAN,
    ),
    "windows-1251 in meta only": (
        _doc(RUSSIAN, "Совет", '<meta charset="windows-1251">').encode("cp1251"),
        "text/html", RUSSIAN,
    ),
    "Shift_JIS in HTTP": (
        _doc(JAPANESE, "港の計画", lang="ja").encode("shift_jis"),
        "text/html; charset=Shift_JIS", JAPANESE,
    ),
    "Shift_JIS in meta only": (
        _doc(JAPANESE, "港の計画", '<meta http-equiv="Content-Type" content="text/html; '
             'charset=shift_jis">', lang="ja").encode("shift_jis"),
        "text/html", JAPANESE,
    ),
    "ISO-8859-1 in meta only": (
        _doc(FRENCH, "Le port", '<meta charset="iso-8859-1">', lang="fr").encode("latin-1"),
        "text/html", FRENCH,
    ),
    "UTF-8 body, HTTP says ISO-8859-1": (
        _doc(FRENCH, "Le port", lang="fr").encode("utf-8"), "text/html; charset=ISO-8859-1",
        FRENCH,
    ),
    "windows-1251 body, HTTP says UTF-8": (
        _doc(RUSSIAN, "Совет", '<meta charset="windows-1251">').encode("cp1251"),
        "text/html; charset=utf-8", RUSSIAN,
    ),
    "windows-1251 body, HTTP says ISO-8859-1 (server default), meta corrects it": (
        _doc(RUSSIAN, "Совет", '<meta charset="windows-1251">').encode("cp1251"),
        "text/html; charset=iso-8859-1", RUSSIAN,
    ),
    "UTF-8 BOM, HTTP says windows-1252": (
        codecs.BOM_UTF8 + _doc(FRENCH, "Le port", lang="fr").encode("utf-8"),
        "text/html; charset=windows-1252", FRENCH,
    ),
    "windows-1251, declared nowhere": (
        _doc(RUSSIAN, "Совет").encode("cp1251"), "text/html", RUSSIAN,
    ),
    "ISO-8859-1, declared nowhere": (
        _doc(FRENCH, "Le port", lang="fr").encode("latin-1"), "text/html", FRENCH,
    ),
    "KOI8-R in HTTP": (
        _doc(RUSSIAN, "Совет").encode("koi8-r"), "text/html; charset=KOI8-R", RUSSIAN,
    ),
    "UTF-16 with BOM": (
        _doc(RUSSIAN, "Совет").encode("utf-16"), "text/html", RUSSIAN,
    ),
    "UTF-8 with invalid bytes": (
        _doc(FRENCH, "Le port", lang="fr").encode("utf-8").replace(b"</h1>", b"\xff\xfe\xc3</h1>"),
        "text/html; charset=utf-8", FRENCH,
    ),
    "Chinese in UTF-8, undeclared": (
        _doc(CHINESE, "港口计划", lang="zh").encode("utf-8"), "text/html", CHINESE,
    ),
    "Chinese in GB18030 (declared GB2312)": (
        _doc(CHINESE, "港口计划", '<meta charset="gb2312">', lang="zh").encode("gb18030"),
        "text/html", CHINESE,
    ),
    "Arabic right to left": (
        _doc(ARABIC, "الميناء", lang="ar", dir_="rtl").encode("utf-8"),
        "text/html; charset=utf-8", ARABIC,
    ),
    "Hebrew right to left, undeclared": (
        _doc(HEBREW, "הנמל", lang="he", dir_="rtl").encode("utf-8"), "text/html", HEBREW,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_encodings_decode_to_the_real_text(
    name: str, site: LocalSite, hostile_library: Library
) -> None:
    body, content_type, expected = CASES[name]
    url = site.add("/story", body, content_type)

    outcome = save_outcome(hostile_library, url)

    assert outcome.status is Status.SAVED
    a = outcome.article
    assert expected in a.text, a.text[:200]
    assert "\ufffd" not in a.text.replace("\ufffd\ufffd\ufffd", "")  # only the broken bytes


def test_invalid_bytes_become_replacement_characters(
    site: LocalSite, hostile_library: Library
) -> None:
    body = _doc(FRENCH, "Le port").encode("utf-8").replace(b"</h1>", b"\xff</h1><p>\xff\xfe</p>")
    url = site.add("/story", body, "text/html; charset=utf-8")

    outcome = save_outcome(hostile_library, url)

    assert outcome.status is Status.SAVED
    assert FRENCH in outcome.article.text  # the accents survive the broken bytes


def test_right_to_left_text_keeps_its_direction(site: LocalSite, hostile_library: Library) -> None:
    body = (
        '<html lang="ar" dir="rtl"><head><title>الميناء</title></head><body><article>'
        + "".join(f'<p dir="rtl">{ARABIC}. {ARABIC}.</p>' for _ in range(5))
        + f'<p dir="ltr">English aside.</p><p><bdi>{HEBREW}</bdi> — Bidi mix.</p>'
        + "</article></body></html>"
    )
    url = site.add("/rtl", body, "text/html; charset=utf-8")

    outcome = save_outcome(hostile_library, url)

    assert outcome.status is Status.SAVED
    assert 'dir="rtl"' in outcome.article.html
    assert ARABIC in outcome.article.text and HEBREW in outcome.article.text


def test_nul_and_zero_width_characters(site: LocalSite, hostile_library: Library) -> None:
    family = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # joined by zero-width joiners
    persian = "می\u200cخواهم"  # a zero-width non-joiner is spelling in Persian
    text = (
        f"The\x00 harbour\x01 plan\x0b passed\u200b after a long night. {family} {persian}. "
        "Residents\x00\x00 gathered in the old customs hall to hear the debate. " * 4
    )
    title = "Harbour\x00 plan\u200b\x07 passed"
    body = f"<html><head><title>{title}</title></head><body><article>"
    body += "".join(f"<p>{text}</p>" for _ in range(4)) + "</article></body></html>"
    url = site.add("/nul", body.encode("utf-8"), "text/html; charset=utf-8")

    outcome = save_outcome(hostile_library, url)

    assert outcome.status is Status.SAVED
    a = outcome.article
    for bad in ("\x00", "\x01", "\x07", "\x0b"):
        assert bad not in a.title + a.text + a.html
    assert family in a.text and persian in a.text  # joiners kept: they are spelling
    assert a.title.startswith("Harbour plan")
    assert hostile_library.search("customs hall")  # the text is indexed and searchable


def test_a_2000_character_title(site: LocalSite, hostile_library: Library) -> None:
    title = ("Very long headline " * 106)[:2000]
    body = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        + "<p>The story beneath a very long headline is short but real and readable. </p>" * 8
        + "</article></body></html>"
    )
    url = site.add("/long-title", body)

    outcome = save_outcome(hostile_library, url)

    assert outcome.status is Status.SAVED
    stored = outcome.article.title
    assert stored.startswith("Very long headline Very long headline")
    assert "\n" not in stored
    # It is listed and found like any other title.
    assert [s.id for s in hostile_library.page().items] == [outcome.article.id]
    assert hostile_library.search("headline")[0].article.id == outcome.article.id
