"""Site sections: nesting one level deep, and slugs the site's own pages need."""

import pytest

from django.core.exceptions import ValidationError

from articles.models import Article, Section

from .factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["search", "archive", "tags", "latest", "corrections"])
def test_a_section_cannot_take_an_address_the_site_uses(slug):
    with pytest.raises(ValidationError, match="already uses"):
        Section(name="Desk", slug=slug).full_clean()


def test_sections_nest_one_level_deep():
    world = SectionFactory(slug="world")
    asia = SectionFactory(slug="asia", parent=world)

    with pytest.raises(ValidationError, match="one level deep"):
        Section(name="Japan", slug="japan", parent=asia).full_clean()


def test_a_sections_stories_include_its_childrens_and_no_others():
    world = SectionFactory(name="World", slug="world")
    asia = SectionFactory(name="Asia", slug="asia", parent=world)
    business = SectionFactory(name="Business", slug="business")
    markets = SectionFactory(name="Markets", slug="markets", parent=business)
    in_world = ArticleFactory(section=world)
    in_asia = ArticleFactory(section=asia)
    ArticleFactory(section=business)
    ArticleFactory(section=markets)

    assert set(Article.objects.in_section(world)) == {in_world, in_asia}
    assert set(Article.objects.in_section(asia)) == {in_asia}
