"""The article page's templates: what they work out once a render, and how they
read the values they are given."""

import re

import pytest

from django.template import engines

from articles.models import Article

from .factories import PublishedArticleFactory, SectionFactory


@pytest.fixture
def env():
    return engines["jinja2"].env


def compiled(env, name):
    """The Python that Jinja2 compiles the template ``name`` to."""
    source, _, _ = env.loader.get_source(env, name)
    return env.compile(source, name, raw=True)


def test_the_article_body_loop_looks_no_name_up_again_for_each_block(env):
    """Every name the content block reads is looked up once, at its start: a name
    set outside the block (the body's macros) or in a ``{% set %}`` block inside
    the loop would be looked up again for every paragraph."""
    block = compiled(env, "articles/article_detail.html").split(
        "def block_content(", 1
    )[1]
    block = block.split("\ndef ", 1)[0]
    lookups = re.findall(r"^( *)\S.*\bresolve\('(\w+)'\)", block, re.MULTILINE)
    assert lookups
    assert all(len(indent) == 4 for indent, _ in lookups), lookups


def test_the_article_body_loop_sends_each_part_to_its_kinds_macro(env):
    """Not through ``part()``, a second macro call for every part (what each
    part's macro writes is checked against ``section_blocks()`` in test_views)."""
    block = compiled(env, "articles/article_detail.html").split(
        "def block_content(", 1
    )[1]
    assert "'part')" not in block
    assert "'callout')" in block


@pytest.mark.parametrize(
    "name", ["articles/article_detail.html", "articles/_picture.html"]
)
def test_the_article_templates_build_no_markup_in_set_blocks(env, name):
    """A ``{% set %}`` block builds a string of markup each time it runs."""
    assert "(Markup if context.eval_ctx.autoescape else identity)" not in compiled(
        env, name
    )


class Found(dict):
    """A picture's values whose attributes say otherwise: read as a dict's items,
    they are the items."""

    webp_srcset = src = srcset = width = height = "attribute"


def test_a_picture_reads_its_values_as_a_dicts(env):
    source, _, _ = env.loader.get_source(env, "articles/_picture.html")
    found = Found(
        webp_srcset="a.webp 480w",
        src="a.jpg",
        srcset="a.jpg 480w",
        width=480,
        height=320,
    )
    pictures = env.from_string(source, globals={"picture_of": lambda image: found})
    pictures = pictures.module

    html = str(pictures.picture("image", alt="Alt", sizes="10rem", priority=True))

    assert html == (
        '<picture><source type="image/webp" srcset="a.webp 480w" sizes="10rem">'
        '<img src="a.jpg" srcset="a.jpg 480w" sizes="10rem" width="480" height="320"'
        ' alt="Alt" fetchpriority="high"></picture>'
    )
    assert 'loading="lazy" decoding="async"></picture>' in str(
        pictures.picture("image")
    )


@pytest.mark.django_db
def test_the_article_page_works_out_the_text_direction_once(client, monkeypatch):
    story = PublishedArticleFactory(
        section=SectionFactory(), language="ar", dek="A dek."
    )
    asked = []

    def text_direction(article):
        asked.append(article.pk)
        return "rtl"

    monkeypatch.setattr(Article, "text_direction", property(text_direction))

    html = client.get(story.get_absolute_url()).content.decode()

    assert html.count('dir="rtl"') == 3
    assert asked == [story.pk]
