"""Every story photo kept, with its caption: lazy loaders, fallbacks, labels; pages of our own."""

from __future__ import annotations

from reader.extraction import Extracted, extract

URL = "https://news.example.org/science/2024/03/02/comet.html"
TITLE = "A comet returns to the evening sky after seventy years"


def para(n: int) -> str:
    return (
        f"Paragraph {n}: astronomers at the observatory tracked the comet for weeks and "
        f"say it will be easiest to see low in the west just after sunset, note {n}."
    )


def page(photo: str) -> str:
    before = "".join(f"<p>{para(n)}</p>" for n in range(1, 4))
    after = "".join(f"<p>{para(n)}</p>" for n in range(4, 7))
    return (
        f"<!DOCTYPE html><html><head><title>{TITLE}</title></head><body>"
        f"<article><h1>{TITLE}</h1><div class='story-body'>{before}{photo}{after}</div>"
        "</article></body></html>"
    )


def run(html: str) -> Extracted:
    return extract(html, URL)


def test_photo_drawn_into_a_div_by_a_script_is_kept_with_its_alt() -> None:
    photo = (
        "<figure class='media-landscape'><div class='js-delayed-image-load' "
        "data-src='https://img.example.org/news/{width}/comet.jpg' data-widths='[240, 480, 976]' "
        "data-alt='The comet over the hills'></div>"
        "<figcaption>The comet seen from the hills on Friday</figcaption></figure>"
    )
    result = run(page(photo))
    assert result.image_urls == ("https://img.example.org/news/976/comet.jpg",)
    assert "The comet seen from the hills on Friday" in result.text
    assert 'alt="The comet over the hills"' in result.html


def test_lazy_attributes_on_img_give_the_real_photo() -> None:
    photos = (
        "<figure><img src='/spacer.gif' data-lazy-src='/photos/one.jpg'></figure>"
        "<figure><img data-original='/photos/two.jpg'></figure>"
        "<figure><img src='data:image/gif;base64,R0lGOD' "
        "data-srcset='/photos/three-480.jpg 480w, /photos/three-960.jpg 960w'></figure>"
    )
    assert run(page(photos)).image_urls == (
        "https://news.example.org/photos/one.jpg",
        "https://news.example.org/photos/two.jpg",
        "https://news.example.org/photos/three-960.jpg",
    )


def test_noscript_fallback_replaces_the_placeholder() -> None:
    photo = (
        "<figure><img class='lazy' src='data:image/gif;base64,R0lGOD' alt='Comet'>"
        "<noscript><img src='/photos/comet.jpg' alt='Comet'></noscript>"
        "<figcaption>The comet's tail</figcaption></figure>"
    )
    assert run(page(photo)).image_urls == ("https://news.example.org/photos/comet.jpg",)


def test_picture_with_only_sources_gets_its_photo() -> None:
    photo = (
        "<figure><picture><source type='image/webp' srcset='/p/comet-800.webp 800w, "
        "/p/comet-1600.webp 1600w'><source srcset='/p/comet-800.jpg 800w'></picture>"
        "<figcaption>The comet at dusk</figcaption></figure>"
    )
    assert run(page(photo)).image_urls == ("https://news.example.org/p/comet-1600.webp",)


def test_image_object_named_only_in_its_markup_is_kept() -> None:
    photo = (
        "<figure itemscope itemtype='http://schema.org/ImageObject' "
        "itemid='https://img.example.org/comet-large.jpg'><span>Image</span>"
        "<div data-testid='lazyimage-container'></div>"
        "<figcaption itemprop='caption'>The comet from the observatory dome</figcaption></figure>"
    )
    result = run(page(photo))
    assert result.image_urls == ("https://img.example.org/comet-large.jpg",)
    assert "The comet from the observatory dome" in result.text


def test_image_copyright_and_caption_labels_never_stay_as_lines() -> None:
    photo = (
        "<figure class='media-landscape'><span class='image-and-copyright-container'>"
        "<img src='https://img.example.org/comet.jpg' alt='Comet'>"
        "<span class='off-screen'>Image copyright</span>"
        "<span class='story-image-copyright'>Star Agency</span></span>"
        "<figcaption class='media-caption'><span class='off-screen'>Image caption</span> "
        "<span class='media-caption__text'>The comet above the lake</span></figcaption></figure>"
        "<p>Image copyright Other Agency</p>"
    )
    result = run(page(photo))
    assert "Image copyright" not in result.text
    assert "Image caption" not in result.text
    assert "Other Agency" not in result.text
    assert "The comet above the lake" in result.text
    assert result.image_urls == ("https://img.example.org/comet.jpg",)


def test_a_formula_picture_hidden_only_from_screen_readers_is_kept() -> None:
    photo = (
        "<p>The orbit follows <span class='math'><img src='https://img.example.org/f.png' "
        "aria-hidden='true' alt='a = b + c'></span> as expected.</p>"
        "<p><img src='https://img.example.org/pixel.png' aria-hidden='true' alt=''></p>"
    )
    assert run(page(photo)).image_urls == ("https://img.example.org/f.png",)


def test_photo_wrapper_with_a_linked_caption_is_not_taken_for_links() -> None:
    photo = (
        "<div class='thumb'><div class='thumbinner'><a href='/file/comet'><img "
        "src='https://img.example.org/comet-thumb.jpg'></a><div class='thumbcaption'>"
        "The comet in <a href='/wiki/1954'>1954</a> over <a href='/wiki/Lake'>the lake</a>"
        "</div></div></div>"
    )
    assert run(page(photo)).image_urls == ("https://img.example.org/comet-thumb.jpg",)
