"""A library to export: the sample news story under a non-ASCII title with photos,
captions, highlights and notes, 50 more articles with photos (titles that collide), and
one pending and one failed article.  Built through Reader's own save and import code."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from bulk_store import ImportItem, import_articles
from localsite import DATA, NEWS_PATH, LocalSite, photo

from reader.library import Library
from reader.models import ImageRecord, NewArticle, NewHighlight, Status
from reader.sanitizer import sanitize_html
from reader.urls import url_key

TITLE = "Zürich: “Cafés” / Straße? 東京 <draft>"
OLD_TITLE = "Killing of Hamas leader points to break with U.S."
PLACED_NOTE = "Who said this, & when?"
UNPLACED_QUOTE = "a sentence that is nowhere in the story"


@dataclass(frozen=True)
class Sample:
    folder: Path
    story: int  # the news story
    batch: tuple[int, ...]  # the 50 imported articles
    unfinished: tuple[int, ...]  # one pending, one failed


def _imported(i: int) -> ImportItem:
    # Titles repeat (and differ only in case), one is a reserved Windows name.
    title = {0: "CON", 1: "a/b\\c:d*e?f|g", 2: "story 3"}.get(i, f"Story {i % 20}")
    url = f"https://news.example/{i}/story"
    images = tuple(
        ImageRecord(
            key=hashlib.sha256(f"{url}#{n}".encode()).hexdigest()[:20],
            original_url=f"https://news.example/{i}/photo-{n}.jpg",
            mime="image/jpeg",
            width=320,
            height=213,
            data=photo(320, 213, seed=i * 3 + n),
        )
        for n in range(1 + i % 2)
    )
    figures = "".join(
        f'<figure><img src="reader://image/{im.key}" alt="" width="320" height="213">'
        f"<figcaption>Caption {i}.{n}</figcaption></figure>"
        for n, im in enumerate(images)
    )
    text = f"Paragraph one of story {i}. It has words.\n\nParagraph two of story {i}."
    html = sanitize_html(  # as every save stores it
        f"<div>{figures}<p>Paragraph one of story {i}. It has <em>words</em>.</p>"
        f'<p>Paragraph two of <a href="https://news.example/{i}/more">story {i}</a>.</p></div>',
        library_images=True,
    )
    return ImportItem(
        given_url=url,
        url_key=url_key(url),
        saved_at=f"2025-01-{1 + i % 28:02d}T10:00:{i % 60:02d}.000000Z",
        article=NewArticle(
            url=url,
            canonical_url=None,
            url_key=url_key(url),
            title=title,
            excerpt=f"Story {i} in brief",
            byline="A. Writer" if i % 3 else None,
            site_name="News Example",
            published="2024-12-31T08:00:00+00:00" if i % 2 else None,
            lang="en",
            lead_image=images[0].key,
            html=html,
            text=text,
            word_count=16,
            reading_minutes=1,
            images=images,
            thumbnail=photo(240, 160, seed=i),
        ),
        is_read=i % 2 == 0,
        archived=i % 5 == 0,
        favourite=i % 7 == 0,
        tags=("batch", "even") if i % 2 == 0 else ("batch",),
    )


def build(folder: Path) -> Sample:
    site = LocalSite().start()
    try:
        url = site.add_news_story()
        page = (DATA / "pages" / "news-article.html").read_text("utf-8")
        site.add(NEWS_PATH, page.replace("{HOST}", site.host).replace(OLD_TITLE, TITLE))
        with Library.open(folder) as library:
            story = library.save(url, ["world", "Ünïcode"]).article_id
            text = library.get(story).text
            at = text.index("Antony Blinken")
            caption = text.index("Iranian protesters hold")
            library.add_highlights(
                story,
                [
                    NewHighlight(
                        quote="Antony Blinken, speaking on an Asia trip",
                        prefix=text[max(0, at - 32) : at],
                        start=at,
                        end=at + 40,
                        anchored=True,
                        note=PLACED_NOTE,
                    ),
                    NewHighlight(
                        quote="Iranian protesters hold posters",
                        start=caption,
                        end=caption + 31,
                        anchored=True,
                        color="green",
                    ),
                    NewHighlight(quote=UNPLACED_QUOTE, note="kept anyway"),
                ],
            )
            library.set_note(story, "Read again before the trip")
            library.set_favourite([story])
            library.set_read_position(story, 0.25)
            batch = import_articles(library.storage, [_imported(i) for i in range(50)])
            library.add_highlights(batch[4], [NewHighlight(quote="It has words", note="n")])
            later, gone = "https://later.example/a", "https://gone.example/b"
            pending = library.storage.add_pending(later, url_key(later))
            failed = library.storage.add_pending(gone, url_key(gone))
            library.storage.set_status(failed, Status.FAILED, "http_error: 404 Not Found")
    finally:
        site.stop()
    return Sample(folder, story, tuple(batch), (pending, failed))
