"""The article page's templates: what they work out once a render, and how they
read the values they are given."""

import pytest

from django.template import engines


@pytest.fixture
def env():
    return engines["jinja2"].env


def compiled(env, name):
    """The Python that Jinja2 compiles the template ``name`` to."""
    source, _, _ = env.loader.get_source(env, name)
    return env.compile(source, name, raw=True)


@pytest.mark.parametrize("name", ["articles/_picture.html"])
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
