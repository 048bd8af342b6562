"""Hostile text through every text field of every admin form, then out through every
page, feed and sitemap a story appears on.

Inputs are drawn from classes of characters read from Unicode's own tables (every
control character, every noncharacter, the bidi controls, format characters, emoji
sequences, letters of any script, markup, very long strings), not from a list, with
a seed (``HOSTILE_SEED``) so that a run can be repeated. Each value is either
refused with a form error or kept exactly, and what is kept is shown exactly and
escaped once on the page, in ``<title>``, OpenGraph and JSON-LD, and in every feed
(feedparser: not bozo, title equal to the input) and sitemap (valid against the
sitemap schema, tests/schemas/).
"""

import functools
import html
import json
import os
import random
import sys
import unicodedata
from html.parser import HTMLParser

import feedparser
import pytest
from taggit.utils import parse_tags

from django import forms
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article, Author, Section

from .factories import UserFactory, walk_to
from .test_admin import form_data, set_rows
from .test_sitemaps import valid_sitemap

SEED = int(os.environ.get("HOSTILE_SEED", "11"))
SITE = "The Newsroom"
REFUSED, KEPT = "refused", "kept"


@functools.cache
def _by_category():
    """Every code point but the surrogates, grouped by its Unicode general category."""
    groups = {}
    for code in range(sys.maxunicode + 1):
        if not 0xD800 <= code <= 0xDFFF:
            groups.setdefault(unicodedata.category(chr(code)), []).append(chr(code))
    return groups


def _category(*names):
    return [c for name in names for c in _by_category().get(name, [])]


def _is_noncharacter(c):
    return 0xFDD0 <= ord(c) <= 0xFDEF or (ord(c) & 0xFFFE) == 0xFFFE


# Unicode's Bidi_Control property, as PropList.txt lists it.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e" + (
    "\u2066\u2067\u2068\u2069"
)


@functools.cache
def _controls():
    return [c for c in _category("Cc") if c not in "\t\n"]


@functools.cache
def _noncharacters():
    return [c for c in _category("Cn") if _is_noncharacter(c)]


@functools.cache
def _format_characters():
    return [c for c in _category("Cf") if c not in BIDI_CONTROLS]


@functools.cache
def _letters():
    return _category("Lo", "Ll", "Lu", "Mn")


@functools.cache
def _symbols():
    return [c for c in _category("So") if ord(c) > 0x1F000]


@functools.cache
def _private_and_unassigned():
    return [c for c in _category("Co", "Cn") if not _is_noncharacter(c)]


def _emoji(rng):
    """A few emoji: plain, with a skin tone, joined with ZWJ, and a flag."""
    symbols = _symbols()
    tone = chr(rng.randrange(0x1F3FB, 0x1F400))
    flag = "".join(chr(0x1F1E6 + rng.randrange(26)) for _ in range(2))
    joined = "\u200d".join(rng.sample(symbols, 3))
    return f"{rng.choice(symbols)} {rng.choice(symbols)}{tone} {joined} {flag}"


def _markup(rng):
    """Text that looks like markup to HTML, XML, JSON or a template engine."""
    pieces = [
        "<",
        ">",
        "&",
        "&amp;",
        "&#0;",
        "&lt;b&gt;",
        "]]>",
        "<![CDATA[",
        "</script>",
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "{% raw %}",
        "\\u0000",
        "</title>",
        "'",
        '"',
        "`",
        "\\",
        "/*",
    ]
    return " ".join(rng.choice(pieces) for _ in range(6))


def _sample(pool, rng, count=3):
    return "".join(rng.sample(pool, count))


# name: (what a plain-text field must do with it, how to make one from a random source)
CLASSES = {
    "control characters": (REFUSED, lambda rng: _sample(_controls(), rng)),
    "NUL": (REFUSED, lambda rng: "\x00"),
    "noncharacters": (REFUSED, lambda rng: _sample(_noncharacters(), rng, 2)),
    "very long": (REFUSED, lambda rng: _sample(_letters(), rng, 8) * 12_500),
    "bidi controls": (KEPT, lambda rng: _sample(list(BIDI_CONTROLS), rng, 4) + "abc"),
    "format characters": (KEPT, lambda rng: _sample(_format_characters(), rng)),
    "emoji": (KEPT, _emoji),
    "letters of any script": (KEPT, lambda rng: _sample(_letters(), rng, 6)),
    "private use and unassigned": (
        KEPT,
        lambda rng: _sample(_private_and_unassigned(), rng),
    ),
    "markup": (KEPT, _markup),
}


def hostile(name, salt=""):
    """A value of the class ``name``, inside words (forms strip the ends)."""
    rng = random.Random(f"{SEED}-{name}-{salt}")
    return f"Start {CLASSES[name][1](rng)} end"


# ---- Every text field of every admin form ----


def _project_form_classes():
    """Every form class the project declares, wherever it is (not those a function
    makes as it runs): a new form is in the sweep without being named here."""
    found, todo = [], [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.split(".")[0] == "articles" and (
                "<locals>" not in subclass.__qualname__
            ):
                found.append(subclass)
    return found


def _admin_forms():
    """Every form the admin shows: the add and change forms of each model admin on
    the site and of its inlines, as the admin makes them; then every other form the
    project declares (the story page's status, schedule and comment forms, the copy
    desk's, the import page's), as its view makes it."""
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(username="sweeper", is_staff=True, is_superuser=True)
    found = []
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        for kind, obj in [("add", None), ("change", model())]:
            name = f"{model.__name__}:{kind}"
            found.append((name, model_admin.get_form(request, obj)()))
            for inline in model_admin.get_inline_instances(request, obj):
                formset = inline.get_formset(request, obj)
                found.append((f"{name}/{inline.model.__name__}", formset().empty_form))
    admin_made = [type(form) for _name, form in found]
    for form_class in _project_form_classes():
        if issubclass(form_class, forms.ModelForm) and any(
            issubclass(made, form_class) for made in admin_made
        ):
            continue  # swept above, with the fields its admin gives it
        found.append((form_class.__name__, form_class()))
    return found


def _text_fields(form):
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField):
            continue
        if isinstance(field.widget, forms.PasswordInput):
            continue  # a password is never shown, and may hold anything
        yield name, field


@pytest.mark.django_db
@pytest.mark.parametrize("name", CLASSES)
def test_every_text_field_of_every_admin_form_refuses_or_keeps_exactly(name):
    expected = CLASSES[name][0]
    checked = 0
    for form_name, form in _admin_forms():
        for field_name, field in _text_fields(form):
            where = f"{form_name}.{field_name}"
            value = hostile(name, where.replace(":add", "").replace(":change", ""))
            try:
                cleaned = field.clean(value)
            except forms.ValidationError:
                continue
            assert expected == KEPT, f"{where} kept {name}"
            if isinstance(cleaned, list):  # tags
                assert cleaned == parse_tags(value), where
            else:
                assert cleaned == value, where
            checked += 1
    # The plain-text fields keep what is text: each class reached many fields.
    assert expected == REFUSED or checked > 30


@pytest.mark.django_db
def test_the_sweep_reaches_every_story_field_tags_and_the_forms_beside_the_admins():
    names = {
        f"{form_name}.{field_name}"
        for form_name, form in _admin_forms()
        for field_name, _field in _text_fields(form)
    }

    assert {
        "Article:add.headline",
        "Article:change.headline",
        "Article:change.dek",
        "Article:change.dateline",
        "Article:change.tags",
        "Article:change/BodyPart.title",
        "Article:change/BodyPart.speaker",
        "Article:change/BodyPart.caption",
        "Section:add.name",
        "Author:change.name",
        "Source:add.title",
        "Tag:change.name",
        # A change form that is not the add form: accounts.
        "User:change.first_name",
        # Forms no model admin makes: the story page's, the copy desk's, import's.
        "StatusChangeForm.note",
        "CommentForm.text",
        "ApplyForm.suggestion",
        "IntendedForm.reason",
        "ImportForm.text",
        "ImportForm.html",
    } <= names


@pytest.mark.django_db
def test_a_field_takes_exactly_its_length_in_any_script_and_not_one_more(
    staff_client,
):
    # Four-byte characters: each one character to both databases.
    for length, accepted in [(300, True), (301, False)]:
        headline = "𠀋" * length
        response = staff_client.post(
            reverse("admin:articles_section_add"),
            {
                "name": headline[:100] if accepted else headline,
                "slug": "s" + str(length),
                "position": "0",
            },
        )
        assert (response.status_code == 302) is accepted


# ---- Through the admin, out to readers ----


class PageText(HTMLParser):
    """What a reader and a crawler read of an article page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.h1, self.meta, self.json_ld = "", "", {}, []
        self.text = []  # every piece of text a reader sees, as the parser gives it
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "property" in attrs:
            self.meta[attrs["property"]] = attrs.get("content")
        if tag in ("title", "h1"):
            self._in = tag
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json"
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag in ("title", "h1", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in != "json":
            self.text.append(data)
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data
        elif self._in == "json":
            self.json_ld[-1] += data


def _errors_shown(response):
    return response.status_code == 200 and "errorlist" in response.content.decode()


def _post_section_and_author(client, name):
    section_name = hostile(name, "section")[:100]
    author_name = hostile(name, "author")[:150]
    response = client.post(
        reverse("admin:articles_section_add"),
        {
            "name": section_name,
            "slug": "hostile",
            "position": "0",
            "description": hostile(name, "desc"),
        },
    )
    if response.status_code != 302:
        assert _errors_shown(response)
        assert not Section.objects.filter(slug="hostile").exists()
        section_name = "Plain section"
        Section.objects.create(name=section_name, slug="hostile")
    response = client.post(
        reverse("admin:articles_author_add"),
        {
            "name": author_name,
            "slug": "hostile-author",
            "title": hostile(name, "title")[:150],
            "bio": hostile(name, "bio"),
        },
    )
    if response.status_code != 302:
        assert _errors_shown(response)
        assert not Author.objects.exists()
        author_name = "Plain Author"
        Author.objects.create(name=author_name, slug="hostile-author")
    return Section.objects.get(slug="hostile"), Author.objects.get(
        slug="hostile-author"
    )


def _post_story(client, name, section, author):
    add = reverse("admin:articles_article_add")
    data = form_data(client.get(add))
    headline = hostile(name, "headline")[:300]
    tag = hostile(name, "tag")[:100].replace(",", " ").replace('"', " ")
    data.update(
        headline=headline,
        slug="",
        dek=hostile(name, "dek"),
        section=str(section.pk),
        dateline=hostile(name, "dateline")[:100],
        tags=f'"{tag}"',
    )
    set_rows(
        data,
        "parts",
        [
            {"position": "1", "kind": "paragraph", "text": "<p>Words.</p>"},
            {
                "position": "2",
                "kind": "subhead",
                "title": hostile(name, "subhead")[:200],
            },
        ],
    )
    set_rows(
        data,
        "bylines",
        [{"author": str(author.pk), "role": "written", "position": "1"}],
    )
    set_rows(data, "citations", [])
    response = client.post(add, data)
    return response, headline, tag, data


@pytest.mark.django_db
@pytest.mark.parametrize("name", CLASSES)
def test_hostile_text_through_the_admin_is_refused_or_shown_exactly_everywhere(
    staff_client, client, name
):
    expected = CLASSES[name][0]
    section, author = _post_section_and_author(staff_client, name)

    response, headline, tag, sent = _post_story(staff_client, name, section, author)

    if expected == REFUSED:
        assert _errors_shown(response)
        assert not Article.objects.exists()
        assert (section.name, author.name) == ("Plain section", "Plain Author")
        return
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    assert (article.headline, list(article.tags.names())) == (headline, [tag])
    walk_to(article, "published")
    article.refresh_from_db()

    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    text = PageText()
    text.feed(page.content.decode())
    assert text.title == f"{headline} | {SITE}"
    assert text.h1.strip() == headline
    assert text.meta["og:title"] == headline
    assert text.meta["og:description"] == sent["dek"]
    # The dek, the dateline and the subhead, each shown whole in some element.
    for value in (sent["dek"], sent["dateline"], sent["parts-1-title"]):
        assert any(value in piece for piece in text.text), value
    (json_ld,) = [json.loads(block) for block in text.json_ld]
    assert json_ld["headline"] == headline
    assert (json_ld["description"], json_ld["dateline"]) == (
        sent["dek"],
        sent["dateline"],
    )
    assert json_ld["articleSection"] == section.name
    assert json_ld["keywords"] == [tag]
    assert [person["name"] for person in json_ld["author"]] == [author.name]

    tag_slug = article.tags.get().slug
    for url_name, kwargs in [
        ("articles:feed", {}),
        ("articles:section_feed", {"slug": "hostile"}),
        ("articles:tag_feed", {"slug": tag_slug}),
        ("articles:author_feed", {"slug": "hostile-author"}),
    ]:
        for format in ("rss", "atom"):
            response = client.get(
                reverse(url_name, kwargs={**kwargs, "format": format})
            )
            assert response.status_code == 200
            feed = feedparser.parse(response.content)
            assert not feed.bozo, (url_name, format, feed.get("bozo_exception"))
            (entry,) = feed.entries
            assert entry.title == headline
            # A feed's description is HTML: the dek as its text, no markup of its own.
            summary = entry.summary_detail
            if summary.type == "text/html":
                assert "<" not in summary.value, summary.value
                assert html.unescape(summary.value) == sent["dek"]
            else:
                assert summary.value == sent["dek"]
            assert {term.term for term in entry.tags} == {section.name, tag}
            assert [person.name for person in entry.authors] == [author.name]

    news = valid_sitemap(client.get(reverse("articles:news_sitemap")).content)
    assert [
        title.text
        for title in news.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")
    ] == [headline]
    for sitemap in ("stories", "sections", "authors", "tags"):
        response = client.get(
            reverse("articles:sitemap_section", kwargs={"section": sitemap})
        )
        # The schema holds every address to 2,048 characters, among the rest.
        root = valid_sitemap(response.content)
        assert root.find("{http://www.sitemaps.org/schemas/sitemap/0.9}url") is not None
    valid_sitemap(client.get(reverse("articles:sitemap")).content)


@pytest.mark.django_db
@pytest.mark.parametrize("source", ["pasted", "uploaded"])
@pytest.mark.parametrize("name", CLASSES)
def test_hostile_copy_on_the_import_page_is_refused_or_kept_exactly(
    staff_client, name, source
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import SectionFactory

    section = SectionFactory()
    headline = hostile(name, "import")
    copy = f"{headline}\nThe quay reopened on Tuesday after repairs.\nIt cost less.\n"
    data = {"section": section.pk, "save": "1"}
    if source == "pasted":
        data["text"] = copy
    else:
        data["file"] = SimpleUploadedFile("copy.txt", copy.encode())

    response = staff_client.post(reverse("admin:articles_article_import"), data)

    if CLASSES[name][0] == REFUSED:
        assert response.status_code == 200
        assert response.context["form"].errors
        assert not Article.objects.exists()
    else:
        assert response.status_code == 302, response.context["form"].errors
        assert Article.objects.get().headline == headline


@pytest.mark.django_db
@pytest.mark.parametrize("name", CLASSES)
def test_a_copy_desk_suggestion_posted_by_hand_is_held_to_the_story_forms_rule(
    staff_client, name
):
    from .factories import ArticleFactory

    story = ArticleFactory(headline="Council sets its budget")
    suggestion = hostile(name, "suggestion")

    response = staff_client.post(
        reverse("admin:articles_article_copydesk_apply", args=[story.pk]),
        {"location": "headline", "start": 0, "end": 7, "text": "Council",
         "suggestion": suggestion},
        follow=True,
    )  # fmt: skip

    assert response.status_code == 200
    story.refresh_from_db()
    if CLASSES[name][0] == REFUSED:
        assert story.headline == "Council sets its budget"
        assert "That suggestion could not be read." in response.content.decode()
    else:
        assert story.headline == f"{suggestion} sets its budget"


@pytest.mark.django_db
def test_a_suggestion_that_would_overfill_its_field_is_refused_not_a_500(
    staff_client,
):
    from .factories import ArticleFactory

    story = ArticleFactory(headline="Council sets its budget")

    response = staff_client.post(
        reverse("admin:articles_article_copydesk_apply", args=[story.pk]),
        {"location": "headline", "start": 0, "end": 7, "text": "Council",
         "suggestion": "Council" * 42},
        follow=True,
    )  # fmt: skip

    assert response.status_code == 200
    story.refresh_from_db()
    assert story.headline == "Council sets its budget"
    assert "longer than its 300 characters" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", CLASSES)
def test_a_hostile_correction_is_refused_or_shown_exactly_on_its_pages_and_feeds(
    staff_client, client, name
):
    from articles.models import Correction

    story = walk_to_published()
    text = hostile(name, "correction")

    response = staff_client.post(
        reverse("admin:articles_correction_add"),
        {"article": story.pk, "kind": "correction", "text": text,
         "reason": "A reader wrote in."},
    )  # fmt: skip

    if CLASSES[name][0] == REFUSED:
        assert _errors_shown(response)
        assert not Correction.objects.exists()
        return
    assert response.status_code == 302, response.context["errors"]
    assert Correction.objects.get().text == text
    for url in (story.get_absolute_url(), reverse("articles:corrections")):
        page = PageText()
        page.feed(client.get(url).content.decode())
        assert any(text in piece for piece in page.text), url
    for format in ("rss", "atom"):
        response = client.get(
            reverse("articles:corrections_feed", kwargs={"format": format})
        )
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (format, feed.get("bozo_exception"))
        (entry,) = feed.entries
        assert entry.title == f"Correction: {story.headline}"
        summary = entry.summary_detail
        if summary.type == "text/html":
            assert "<" not in summary.value, summary.value
            assert html.unescape(summary.value) == text
        else:
            assert summary.value == text


# ---- Addresses and queries ----


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["control characters", "NUL", "noncharacters"])
def test_control_characters_in_searches_and_addresses_answer_without_error(
    staff_client, client, name
):
    story = walk_to_published()
    term = hostile(name, "query")
    admin_pages = [
        (reverse("admin:articles_article_changelist"), {"q": term}),
        (reverse("admin:articles_source_changelist"), {"q": term}),
        (
            reverse("admin:autocomplete"),
            {
                "term": term,
                "app_label": "articles",
                "model_name": "article",
                "field_name": "article",
            },
        ),
    ]
    for url, query in admin_pages:
        # The autocomplete needs a field that points to stories: corrections'.
        query = {**query, "model_name": "correction"} if "term" in query else query
        assert staff_client.get(url, query).status_code == 200, url
    public_pages = [
        (reverse("articles:search"), {"q": term}),
        (reverse("articles:search"), {"q": "\x00"}),
        (reverse("articles:home"), {"page": term}),
        (story.section.get_absolute_url(), {"page": term}),
    ]
    for url, query in public_pages:
        assert client.get(url, query).status_code in (200, 404), url
    for path in [f"/tags/{term}/", f"/{term}/", f"/preview/{term}/"]:
        assert client.get(path).status_code == 404


def walk_to_published():
    from .factories import ArticleFactory

    story = ArticleFactory(headline="Harbour reopens", ready_for_the_desk=True)
    walk_to(story, "published")
    return story


@pytest.mark.django_db
def test_headlines_sharing_their_first_120_slug_characters_get_their_own_slugs(
    staff_client,
):
    from .factories import SectionFactory

    section = SectionFactory(name="World", slug="world")
    shared = "harbour " * 16  # 128 characters
    slugs = []
    for ending in ("one", "two", "three", "four"):
        data = form_data(staff_client.get(reverse("admin:articles_article_add")))
        data.update(headline=f"{shared}{ending}", slug="", section=str(section.pk))
        response = staff_client.post(reverse("admin:articles_article_add"), data)
        assert response.status_code == 302
        slugs.append(Article.objects.get(headline=f"{shared}{ending}").slug)

    assert len(set(slugs)) == 4
    assert all(len(slug) <= 120 for slug in slugs)
