"""Each published story as IPTC ninjs 3.1: valid against the IPTC's own schema,
published stories only, and nothing internal."""

import json

import jsonschema
import pytest

from django.urls import reverse
from django.utils import timezone

from articles.models import BodyPart, EditorialComment

from .conftest import PROJECT_DIR
from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CalloutKindFactory,
    CitationFactory,
    CorrectionFactory,
    PublishedArticleFactory,
    SourceFactory,
)
from .interchange import png_upload

pytestmark = pytest.mark.django_db
SCHEMA = PROJECT_DIR.parent / "shared" / "schemas" / "ninjs-schema_3.1.json"
Kind = BodyPart.Kind


@pytest.fixture(scope="module")
def validator():
    if not SCHEMA.is_file():
        pytest.fail(f"The ninjs 3.1 schema is missing at {SCHEMA}.")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def a_full_story():
    story = PublishedArticleFactory(
        headline="Ferries return to the northern islands",
        dek="Three routes run again after the storm.",
        dateline="KIRKWALL",
        lead_image=png_upload("ferry.png"),
        lead_image_caption="The first ferry leaves the harbour.",
        lead_image_credit="Photo: Ana Ruiz",
        lead_image_alt="A white ferry beside a stone pier",
        budget_line="INTERNAL-BUDGET-LINE",
    )
    story.tags.add("ferries", "islands")
    author = AuthorFactory(name="Ana Ruiz")
    BylineFactory(article=story, author=author)
    BylineFactory(article=story, author=AuthorFactory(name="Tom Bell"), role="photos")
    source = SourceFactory(organisation="Island Council", url="https://example.org/r")
    CitationFactory(article=story, source=source, claim="Routes reopened.")
    BodyPartFactory(article=story, position=0, text="<p>The first ferry left.</p>")
    BodyPartFactory(article=story, position=1, kind=Kind.SUBHEAD, title="Next week")
    BodyPartFactory(
        article=story,
        position=2,
        kind=Kind.CALLOUT,
        callout_kind=CalloutKindFactory(),
        text="<p>Timetables change on Monday.</p>",
    )
    BodyPartFactory(
        article=story,
        position=3,
        kind=Kind.QUOTE,
        text="<p>We are back.</p>",
        speaker="Ines Moar",
        quote_source=source,
    )
    CorrectionFactory(
        article=story,
        text="An earlier version gave the wrong route.",
        reason="INTERNAL-REASON",
    )
    EditorialComment.objects.create(article=story, text="INTERNAL-COMMENT")
    return story


def ninjs_of(client, story):
    return client.get(reverse("articles:story_ninjs", args=[story.pk]))


def test_a_published_story_is_valid_ninjs_3_1(client, validator):
    story = a_full_story()

    response = ninjs_of(client, story)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    item = response.json()
    errors = [error.message for error in validator.iter_errors(item)]
    assert errors == []
    assert item["uri"] == f"http://testserver{story.get_absolute_url()}"
    assert item["standard"]["version"] == "3.1"
    assert item["headlines"] == [{"role": "main", "value": story.headline}]
    assert item["descriptions"][0] == {"role": "summary", "value": story.dek}
    assert item["by"] == "By Ana Ruiz; photos by Tom Bell"
    assert [person["rel"] for person in item["people"]] == ["written", "photos"]
    assert {subject["name"] for subject in item["subjects"]} >= {"ferries", "islands"}
    assert item["infoSources"][0]["uri"] == "https://example.org/r"
    assert item["located"] == "KIRKWALL"
    body = item["bodies"][0]["value"]
    assert "<p>The first ferry left.</p>" in body
    assert "<h2>Next week</h2>" in body
    assert "Timetables change on Monday." in body and "Ines Moar" in body
    assert item["associations"][0]["headlines"] == [
        {"value": "The first ferry leaves the harbour."}
    ]
    assert {
        "role": "correction",
        "value": "An earlier version gave the wrong route.",
    } in (item["descriptions"])


def test_nothing_internal_goes_out(client):
    story = a_full_story()

    text = ninjs_of(client, story).content.decode()

    for internal in ("INTERNAL-REASON", "INTERNAL-COMMENT", "INTERNAL-BUDGET-LINE"):
        assert internal not in text


def test_only_published_stories_are_served(client):
    draft = ArticleFactory()
    later = PublishedArticleFactory(
        published_at=timezone.now() + timezone.timedelta(hours=1)
    )

    assert ninjs_of(client, draft).status_code == 404
    assert ninjs_of(client, later).status_code == 404


def test_the_queries_do_not_grow_with_the_story(client, django_assert_max_num_queries):
    story = a_full_story()
    for position in range(4, 40):
        BodyPartFactory(
            article=story, position=position, text=f"<p>Part {position}.</p>"
        )

    with django_assert_max_num_queries(2):
        assert ninjs_of(client, story).status_code == 200


def test_a_partner_asking_again_gets_a_304(client):
    story = PublishedArticleFactory()
    first = ninjs_of(client, story)

    again = client.get(
        reverse("articles:story_ninjs", args=[story.pk]),
        headers={"if-none-match": first["ETag"]},
    )

    assert again.status_code == 304
