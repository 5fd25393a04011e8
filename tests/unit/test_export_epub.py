"""EPUB export: one book, a chapter per article, checked by epubcheck (the W3C checker).

epubcheck comes from scripts/install-system-deps.sh (Debian's ``epubcheck`` package).
Under CI (``CI=true``) a missing epubcheck fails these tests; elsewhere they say that
they were skipped because it is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import pytest
from sample_library import PLACED_NOTE, TITLE, UNPLACED_QUOTE, Sample, build

from reader.exporters import export
from reader.library import Library

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build(tmp_path_factory.mktemp("epub") / "library")


@pytest.fixture
def library(sample: Sample) -> Iterator[Library]:
    with Library.open(sample.folder) as lib:
        yield lib


def epubcheck(path: Path) -> None:
    """Run epubcheck on ``path`` and fail on any error or fatal message."""
    found = shutil.which("epubcheck")
    if found is None:
        message = "epubcheck is missing: run scripts/install-system-deps.sh (CI=true installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(f"SKIPPED, not checked: {message}")
    real = os.path.realpath(found)
    # Debian installs the jar itself as the command; without binfmt it needs java -jar.
    command = ["java", "-jar", real] if real.endswith(".jar") else [found]
    done = subprocess.run(
        [*command, str(path)], capture_output=True, text=True, timeout=300, check=False
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-4000:]
    assert "0 fatals / 0 errors" in report, report[-4000:]


def _read(zf: zipfile.ZipFile, name: str) -> lxml.etree._Element:
    return lxml.etree.fromstring(zf.read(name))


def test_one_article_book_passes_epubcheck_with_photos_highlights_and_footnotes(
    library: Library, sample: Sample, tmp_path: Path
) -> None:
    dest = tmp_path / "story.epub"
    result = export(library, [sample.story], "epub", dest)
    assert result.articles == 1 and dest.is_file()
    epubcheck(dest)
    with zipfile.ZipFile(dest) as zf:
        opf = _read(zf, "EPUB/content.opf")
        assert opf.findtext(".//dc:title", namespaces=OPF) == TITLE
        assert opf.findtext(".//dc:language", namespaces=OPF) == "en-US"
        assert opf.findtext(".//dc:identifier", namespaces=OPF).startswith("urn:uuid:")
        assert opf.find(".//opf:item[@properties='cover-image']", OPF) is not None
        chapter = _read(zf, "EPUB/article-0001.xhtml")
        photos = [n for n in zf.namelist() if n.startswith("EPUB/images/0001-")]
    assert len(photos) == 2
    assert chapter.findtext(".//x:header/x:h1", namespaces=XHTML) == TITLE
    tags = "".join(chapter.find(".//x:p[@class='tags']", XHTML).itertext())
    assert "Ünïcode" in tags
    captions = ["".join(c.itertext()) for c in chapter.iterfind(".//x:figcaption", XHTML)]
    assert len(captions) == 2 and "Iranian protesters hold posters" in captions[1]
    for img in chapter.iterfind(".//x:img", XHTML):
        assert img.get("src").startswith("images/0001-")
    marks = ["".join(m.itertext()) for m in chapter.iterfind(".//x:mark", XHTML)]
    assert "Antony Blinken, speaking on an Asia trip" in marks
    assert "Iranian protesters hold posters" in marks  # in a caption
    ref = chapter.find(".//x:a[@epub:type='noteref']", XHTML)
    note = chapter.find(".//x:aside[@epub:type='footnote']", XHTML)
    assert ref is not None and note is not None
    assert ref.get("href") == "#" + note.get("id")
    assert PLACED_NOTE in "".join(note.itertext())
    # A quote not found in the text is not lost: listed at the end.
    assert UNPLACED_QUOTE in "".join(chapter.itertext())


def test_a_selection_of_fifty_is_one_book_with_a_table_of_contents(
    library: Library, sample: Sample, tmp_path: Path
) -> None:
    dest = tmp_path / "batch.epub"
    assert export(library, list(sample.batch), "epub", dest).articles == 50
    epubcheck(dest)
    with zipfile.ZipFile(dest) as zf:
        nav = _read(zf, "EPUB/nav.xhtml")
        chapters = [n for n in zf.namelist() if n.startswith("EPUB/article-")]
        photos = [n for n in zf.namelist() if n.startswith("EPUB/images/0")]
    entries = nav.findall(".//x:nav[@epub:type='toc']//x:li/x:a", XHTML)
    assert len(entries) == len(chapters) == 50
    assert entries[0].text == "CON"
    assert len(photos) == 75  # one or two photos each


def test_pending_and_failed_articles_make_no_empty_chapters(
    library: Library, sample: Sample, tmp_path: Path
) -> None:
    ids = [sample.story, *sample.unfinished]
    assert export(library, ids, "epub", tmp_path / "mixed.epub").articles == 1


AWKWARD = """
<figcaption>A caption without its figure</figcaption>
<li>an item outside a list</li><dd>a definition alone</dd>
<p lang="english_GB" dir="sideways">Odd attributes, <time datetime="last Tuesday">Tuesday</time>.</p>
<table><tr><th scope="sideways" headers="x">Head</th><td colspan="0" rowspan="2">Cell</td></tr></table>
<ol type="Q" start="3"><li value="x">Three</li></ol>
<details open><summary>More</summary><p>Inside</p></details>
<img src="reader://image/missing" width="100%" alt="">
<p>An <a href="https://example.org/a?b=1&amp;c=2">ordinary link</a> and <ruby>漢<rt>kan</rt></ruby>.</p>
<tr><td>a row alone</td></tr>
"""


def test_html_from_the_web_that_checkers_are_strict_about_still_passes(tmp_path: Path) -> None:
    from bulk_store import ImportItem, import_articles

    from reader.models import NewArticle
    from reader.sanitizer import sanitize_html

    html = sanitize_html(AWKWARD, library_images=True)  # what a save would store
    assert "<figcaption>" in html and 'width="100%"' in html  # the case to handle
    with Library.open(tmp_path / "library") as library:
        new = NewArticle(
            url="https://example.org/a", canonical_url=None, url_key="example.org/a",
            title="Awkward", excerpt=None, byline=None, site_name=None, published=None,
            lang="en_GB", lead_image=None, html=html, text="Odd attributes", word_count=2,
            reading_minutes=1,
        )  # fmt: skip
        (article_id,) = import_articles(
            library.storage,
            [ImportItem("https://example.org/a", "example.org/a", "2025-01-01T00:00:00Z", new)],
        )
        dest = tmp_path / "awkward.epub"
        export(library, [article_id], "epub", dest)
    epubcheck(dest)
    with zipfile.ZipFile(dest) as zf:
        assert _read(zf, "EPUB/content.opf").findtext(".//dc:language", namespaces=OPF) == "en-GB"
