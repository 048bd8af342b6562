"""The "Import story" admin page: paste or upload copy, check the roles, save a draft."""

import io

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import revisions
from articles.models import Article, BodyPart, CalloutKind
from articles.sanitize import html_to_text

from .factories import SectionFactory, UserFactory
from .helpers import logged_in_client

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:articles_article_import")
COPY = (
    "Harbour plan wins the council vote\n"
    "By Ana Ruiz\n"
    "The council approved the harbour plan on Tuesday after a long debate.\n"
    "READ MORE: Ferry fares to rise in May\n"
    "What the plan costs\n"
    "Work on the new quay is to start in the spring, officials said.\n"
)
GOOGLE_DOC = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1">'
    '<h1 dir="ltr"><span>Harbour plan wins the vote</span></h1>'
    '<p dir="ltr"><span>The council approved the plan on Tuesday.</span></p>'
    "<h2><span>What it costs</span></h2>"
    '<p><span style="font-weight:700">Background:</span>'
    "<span> The quay was built in 1820.</span></p>"
    '<ul><li dir="ltr"><p dir="ltr"><span>Dredge the channel</span></p></li>'
    "<li><p><span>Build the quay</span></p></li></ul>"
    "<p><span>Work starts in spring, officials said.</span></p></b>"
)


@pytest.fixture
def section(db):
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def desk(reporter):
    return logged_in_client(reporter)


def read(client, section, **data):
    return client.post(IMPORT_URL, {"section": section.pk, "read": "1", **data})


def test_the_story_list_links_to_the_import_page(desk):
    page = desk.get(reverse("admin:articles_article_changelist"))

    assert IMPORT_URL in page.content.decode()


def test_pasted_copy_shows_each_lines_role_and_why(desk, section):
    page = read(desk, section, text=COPY)

    assert page.status_code == 200
    rows = page.context["rows"]
    assert [row["role"] for row in rows] == [
        "headline",
        "byline",
        "paragraph",
        "dropped",
        "subhead",
        "paragraph",
    ]
    assert rows[3]["why"] == "promo label"
    assert "promo label" in page.content.decode()
    assert Article.objects.count() == 0


def test_a_changed_role_is_saved_as_a_draft_through_the_story_writer(
    desk, reporter, section
):
    response = desk.post(
        IMPORT_URL,
        {"section": section.pk, "text": COPY, "role-5": "paragraph", "save": "1"},
    )

    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:articles_article_change", args=[article.pk]
    )
    assert article.status == Article.Status.DRAFT
    assert article.created_by == reporter
    assert [part.kind for part in article.parts.order_by("position")] == [
        BodyPart.Kind.PARAGRAPH
    ] * 3
    assert [b.author.name for b in article.bylines.all()] == ["Ana Ruiz"]
    assert len(revisions.revisions_of(article)) == 1


def test_rich_text_keeps_its_headings_lists_and_lead_ins(desk, section):
    CalloutKind.objects.filter(name="Background").delete()
    page = read(desk, section, html=GOOGLE_DOC)

    rows = {row["text"]: row["role"] for row in page.context["rows"]}
    assert rows["Harbour plan wins the vote"] == "headline"
    assert rows["What it costs"] == "subhead"
    assert rows["• Dredge the channel"] == rows["• Build the quay"] == "list_item"
    assert rows["Background: The quay was built in 1820."] == "paragraph"


@pytest.mark.parametrize("name", ["copy.txt", "copy.md"])
def test_an_uploaded_text_file_is_read(desk, section, name):
    upload = SimpleUploadedFile(name, COPY.encode("utf-8"), "text/plain")

    page = read(desk, section, file=upload)

    assert page.context["story"].headline == COPY.splitlines()[0]


def test_an_uploaded_word_file_keeps_its_headings_lists_and_captions(desk, section):
    import docx

    document = docx.Document()
    document.add_heading("Harbour plan wins the vote", level=1)
    document.add_paragraph("The council approved the plan on Tuesday.")
    document.add_heading("What it costs", level=2)
    document.add_paragraph("Dredge the channel", style="List Bullet")
    document.add_paragraph("Build the quay", style="List Number")
    document.add_paragraph("The old quay at dusk", style="Caption")
    document.add_paragraph("Work starts in spring, officials said.")
    data = io.BytesIO()
    document.save(data)
    upload = SimpleUploadedFile("copy.docx", data.getvalue())

    page = read(desk, section, file=upload)

    roles = [(row["text"], row["role"]) for row in page.context["rows"]]
    assert roles == [
        ("Harbour plan wins the vote", "headline"),
        ("The council approved the plan on Tuesday.", "paragraph"),
        ("What it costs", "subhead"),
        ("• Dredge the channel", "list_item"),
        ("1. Build the quay", "list_item"),
        ("The old quay at dusk", "caption"),
        ("Work starts in spring, officials said.", "paragraph"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("copy.pdf", b"%PDF", "Upload a .txt, .md or .docx file."),
        ("copy.txt", "Café\nLe café a fermé.\n".encode("latin-1"), "not UTF-8"),
        ("copy.docx", b"not a zip", "cannot be read"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_error(
    desk, section, name, content, message
):
    page = read(desk, section, file=SimpleUploadedFile(name, content))

    assert page.status_code == 200
    assert message in page.content.decode()
    assert Article.objects.count() == 0


def test_a_story_imported_before_is_refused_with_a_link_unless_replaced(desk, section):
    desk.post(IMPORT_URL, {"section": section.pk, "text": COPY, "save": "1"})
    article = Article.objects.get()

    page = desk.post(IMPORT_URL, {"section": section.pk, "text": COPY, "save": "1"})

    assert page.status_code == 200
    assert reverse("admin:articles_article_change", args=[article.pk]) in (
        page.content.decode()
    )
    assert Article.objects.count() == 1

    desk.post(
        IMPORT_URL,
        {
            "section": section.pk,
            "text": COPY,
            "role-5": "paragraph",
            "replace": "on",
            "save": "1",
        },
    )

    assert Article.objects.count() == 1
    assert len(revisions.revisions_of(article)) == 2
    assert "What the plan costs" in [
        html_to_text(part.text) for part in article.parts.all()
    ]


def test_only_those_who_may_add_stories_see_the_page(db, section):
    visitor = logged_in_client(UserFactory(is_staff=True))

    assert visitor.get(IMPORT_URL).status_code == 403
    assert visitor.post(
        IMPORT_URL, {"section": section.pk, "text": COPY}
    ).status_code == (403)
    assert Article.objects.count() == 0
