"""Extraction rules of the recall pass (story text Reader used to lose) and of clutter kept
on Chinese pages (headlines said again, page-turn links, copyright footers), judged by
structure and position at the story's edges.

Every page here is of our own making, built with the structure of pages seen in use.
"""

from __future__ import annotations

from story_pages import TITLE, news_page, para, run, story


def test_a_photo_credit_line_right_under_its_photo_stays() -> None:
    # The photo sits in a paragraph of its own, its credit in the next one: the credit
    # belongs to a photo of the story, so it is not a stray label.
    body = (
        story(1, 3) + "<p><a href='https://img.example.org/span.jpg'><img "
        "src='https://img.example.org/span-thumb.jpg' alt='span'></a></p>"
        "<p>Photo Credit: Harbour Works Agency</p>" + story(4, 6)
    )
    result = run(news_page(body))
    assert "Photo Credit: Harbour Works Agency" in result.text
    assert result.image_urls == ("https://img.example.org/span-thumb.jpg",)


def test_a_photo_credit_line_without_its_photo_still_goes() -> None:
    body = story(1, 3) + "<p>Photo credit: Harbour Works Agency</p>" + story(4, 6)
    assert "Harbour Works Agency" not in run(news_page(body)).text


def test_page_turn_lines_go_wherever_they_are() -> None:
    body = (
        "<p>第1页/共2页 &lt;&lt; <a href='/p/1'>上一页</a> | <a href='/p/2'>下一页</a> &gt;&gt;</p>"
        + story(1, 3)
        + "<p><a href='/a/1'>« Previous</a> | <a href='/a/2'>Next »</a></p>"
        + story(4, 6)
        + "<p>[<a href='/a/0'>上一篇</a>] [<a href='/a/3'>下一篇</a>]</p>"
    )
    text = run(news_page(body)).text
    for words in ("上一页", "Previous", "Next", "上一篇"):
        assert words not in text
    assert para(1) in text and para(6) in text


def test_a_lone_next_or_a_line_with_other_words_stays() -> None:
    body = story(1, 3) + "<p>Next</p><p>Next page of the plan: the western span</p>" + story(4, 6)
    text = run(news_page(body)).text
    assert "Next\n" in text
    assert "Next page of the plan: the western span" in text


def test_a_site_footer_under_the_story_goes_from_its_copyright_notice_down() -> None:
    # The story's container reaches the site's footer: a notice, then a hotline and a
    # licence number, too long to be peeled as short lines under a notice.
    footer = (
        "<div><p>港湾日报网 备案号11000491号 All Rights Reserved since 1999</p>"
        "<p>港湾日报报业集团 版权所有，未经许可不得转载</p>"
        "<p>违法和不良信息举报电话：0871-64166935；举报邮箱：report@example.org</p>"
        "<p>互联网新闻信息服务许可证编号：53120170001</p></div>"
    )
    text = run(news_page(story() + footer)).text
    for words in ("All Rights Reserved", "版权所有", "举报电话", "许可证编号"):
        assert words not in text
    assert para(6) in text


def test_a_story_paragraph_about_copyright_at_the_end_stays() -> None:
    last = (
        "<p>律师说，电台播放这些节目之前，一定要获得版权所有者或制作人的许可，"
        "否则会被告上法庭，这在其他国家已经发生过多次。”</p>"
    )
    text = run(news_page(story() + last)).text
    assert "一定要获得版权所有者或制作人的许可" in text


def test_sentences_that_link_a_few_of_their_words_stay() -> None:
    # More than a fifth of this block is linked, but its links are words of its
    # sentences: story text, not a list of links.
    block = (
        "<div><div>Visit Anna on her <a href='https://anna.example.org/'>website</a>, "
        "<a href='https://anna.example.org/blog'>blog</a>, "
        "<a href='https://shop.example.org/anna'>shop</a> and "
        "<a href='https://studio.example.org/anna'>studio</a>.</div>"
        "<div><a href='https://photos.example.org/'>Send photos</a> of the bridge works "
        "from your own window to the newsroom.</div></div>"
    )
    text = run(news_page(story(1, 3) + block + story(4, 6))).text
    assert "Visit Anna on her website, blog, shop and studio." in text
    assert "Send photos of the bridge works from your own window to the newsroom." in text


def test_a_line_of_tags_and_categories_still_goes() -> None:
    tags = ", ".join(f"<a href='/tag/{n}'>Tag{n}</a>" for n in range(1, 6))
    block = (
        "<div><div>This entry was posted in <a href='/c/news'>News</a> and tagged "
        f"{tags} by <a href='/a/ann'>Ann</a>. Bookmark the <a href='/p'>permalink</a>."
        "</div></div>"
    )
    text = run(news_page(story(1, 3) + block + story(4, 6))).text
    assert "Bookmark the permalink" not in text


def test_a_share_word_linked_inside_a_sentence_stays() -> None:
    line = (
        "<p>The timetable of the works is on the council's page on "
        "<a href='https://social.example.org/council'>Facebook</a>.</p>"
        "<p>Share this story: <a href='https://social.example.org/share'>Facebook</a></p>"
    )
    text = run(news_page(story(1, 3) + line + story(4, 6))).text
    assert "The timetable of the works is on the council's page on Facebook." in text
    assert "story: Facebook" not in text


def plain_page(body: str, title: str) -> str:
    """A page whose headline is not an ``<h1>``: a bold paragraph, as many sites set it."""
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        f"<div id='main'><div class='story-body'>{body}</div></div></body></html>"
    )


def test_the_headline_said_again_in_a_bold_paragraph_goes() -> None:
    body = f"<p><strong>{TITLE}</strong></p>" + story()
    text = run(plain_page(body, f"{TITLE} - City news - The Harbour Times")).text
    assert TITLE not in text
    assert text.startswith(para(1))


def test_a_breadcrumb_ending_in_the_headline_goes() -> None:
    body = (
        "<p><a href='/'>Home</a> » <a href='/city'>City</a> » "
        "水务局：港湾大桥夏季封闭三周进行维修</p>" + story()
    )
    text = run(plain_page(body, "水务局：港湾大桥夏季封闭三周进行维修_城市频道_港湾日报")).text
    assert "港湾大桥" not in text
    assert "Home" not in text
    assert text.startswith(para(1))


def test_a_first_line_that_is_not_the_headline_stays() -> None:
    body = "<p><strong>Repairs at a glance</strong></p>" + story()
    text = run(plain_page(body, f"{TITLE} - City news - The Harbour Times")).text
    assert text.startswith("Repairs at a glance")


def test_a_chinese_byline_above_the_story_goes_and_a_sentence_with_its_role_word_stays() -> None:
    lead = "记者从港湾管理局获悉，大桥东段的轴承磨损比预期更快，市议会决定提前开工维修。"
    body = f"<p>本报记者 王燕平 方云凤</p><p>{lead}</p>" + story()
    text = run(news_page(body)).text
    assert "王燕平" not in text
    assert lead in text
