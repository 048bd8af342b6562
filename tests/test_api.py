"""The content API as an app meets it: published stories only, pages that follow a
cursor, flat query counts, conditional requests, and an OpenAPI description."""

import json

import pytest

from django.utils import timezone

from articles.models import EditorialComment

from .factories import (
    ArticleFactory,
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CitationFactory,
    CorrectionFactory,
    PublishedArticleFactory,
    SectionFactory,
    SourceFactory,
)
from .interchange import png_upload

pytestmark = pytest.mark.django_db
HOUR = timezone.timedelta(hours=1)


def stories(n, **fields):
    now = timezone.now()
    return [
        PublishedArticleFactory(published_at=now - (i + 1) * HOUR, **fields)
        for i in range(n)
    ]


def test_lists_hold_published_stories_only_newest_first(client):
    live = stories(3)
    ArticleFactory(headline="A draft")
    PublishedArticleFactory(published_at=timezone.now() + HOUR, headline="Later")

    answer = client.get("/api/v1/stories").json()

    assert [item["id"] for item in answer["items"]] == [story.pk for story in live]
    assert answer["next"] is None
    assert client.get(f"/api/v1/stories/{live[0].pk}").status_code == 200
    for hidden in ("A draft", "Later"):
        assert hidden not in json.dumps(answer)


def test_a_story_that_is_not_published_is_a_404(client):
    draft = ArticleFactory()

    response = client.get(f"/api/v1/stories/{draft.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "No published story with this id."}


def test_pages_follow_the_cursor_to_the_end(client):
    live = stories(7)
    seen, url = [], "/api/v1/stories?limit=3"
    while url:
        answer = client.get(url).json()
        seen += [item["id"] for item in answer["items"]]
        url = answer["next"]

    assert seen == [story.pk for story in live]


def test_a_cursor_the_api_did_not_give_is_a_400(client):
    response = client.get("/api/v1/stories?cursor=not-a-cursor")

    assert response.status_code == 400


def test_lists_filter_by_section_tag_author_and_time(client):
    world = SectionFactory(slug="world")
    europe = SectionFactory(slug="europe", parent=world)
    in_europe, elsewhere, old = stories(3)
    in_europe.section = europe
    in_europe.save()
    in_europe.tags.add("ports")
    author = AuthorFactory(slug="amara")
    BylineFactory(article=elsewhere, author=author)
    old.published_at = timezone.now() - 100 * HOUR
    old.save()

    def ids(query):
        return [
            item["id"]
            for item in client.get(f"/api/v1/stories?{query}").json()["items"]
        ]

    assert ids("section=world") == [in_europe.pk]
    assert ids("tag=ports") == [in_europe.pk]
    assert ids("author=amara") == [elsewhere.pk]
    since = (timezone.now() - 10 * HOUR).isoformat().replace("+00:00", "Z")
    assert old.pk not in ids(f"since={since}")
    assert client.get("/api/v1/stories?section=nowhere").status_code == 404


def test_a_story_comes_whole_and_nothing_internal_comes_with_it(client):
    story = PublishedArticleFactory(budget_line="INTERNAL-BUDGET")
    BodyPartFactory(article=story, position=0, text="<p>Words.</p>")
    source = SourceFactory(organisation="Harbour Board")
    CitationFactory(article=story, source=source, claim="The numbers.")
    CorrectionFactory(article=story, text="A fix.", reason="INTERNAL-REASON")
    EditorialComment.objects.create(article=story, text="INTERNAL-COMMENT")
    BylineFactory(article=story, author=AuthorFactory(slug="kenji"))
    ArticleFactory(headline="INTERNAL-DRAFT", section=story.section)

    item = client.get(f"/api/v1/stories/{story.pk}").json()
    everything = json.dumps(
        [item]
        + [client.get(f"/api/v1/{name}").json() for name in ("stories", "sections")]
        + [
            client.get(f"/api/v1/{name}").json()
            for name in ("authors", "tags", "sources")
        ]
    )

    assert item["body"][0]["text"] == "<p>Words.</p>"
    assert item["citations"][0]["source"]["organisation"] == "Harbour Board"
    assert item["corrections"][0]["text"] == "A fix."
    for internal in (
        "INTERNAL-BUDGET",
        "INTERNAL-REASON",
        "INTERNAL-COMMENT",
        "INTERNAL-DRAFT",
    ):
        assert internal not in everything


def test_the_query_count_does_not_grow_with_the_page(
    client, django_assert_max_num_queries
):
    for story in stories(30):
        BylineFactory(article=story, author=AuthorFactory())
        story.tags.add("ports", "ferries")
    client.get("/api/v1/stories?limit=1")  # sections read once per content version

    with django_assert_max_num_queries(2):
        assert len(client.get("/api/v1/stories?limit=5").json()["items"]) == 5
    with django_assert_max_num_queries(2):
        assert len(client.get("/api/v1/stories?limit=30").json()["items"]) == 30


def test_a_client_asking_again_gets_a_304(client):
    stories(2)
    first = client.get("/api/v1/stories")

    again = client.get("/api/v1/stories", headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304


def test_the_openapi_description_names_every_operation(client):
    description = client.get("/api/v1/openapi.json").json()

    assert description["openapi"].startswith("3.")
    assert set(description["paths"]) == {
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/search",
        "/api/v1/sections",
        "/api/v1/authors",
        "/api/v1/tags",
        "/api/v1/sources",
    }


def test_search_finds_published_stories_a_page_at_a_time(client):
    matching = stories(3, dek="Ferries return to the northern islands.")
    stories(2, dek="Nothing about boats.")
    ArticleFactory(dek="Ferries in a draft.")

    first = client.get("/api/v1/search?q=ferries&limit=2").json()
    second = client.get(first["next"]).json()

    found = [item["id"] for item in first["items"] + second["items"]]
    assert sorted(found) == sorted(story.pk for story in matching)
    assert first["count"] == 3 and second["next"] is None
    assert client.get("/api/v1/search?q=").json()["items"] == []
    assert client.get("/api/v1/search?q=ferries&page=0").status_code == 400


def test_cross_origin_reads_are_allowed_to_the_configured_origins_only(
    client, settings
):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    stories(1)

    allowed = client.get(
        "/api/v1/stories", headers={"origin": "https://app.example.org"}
    )
    other = client.get("/api/v1/stories", headers={"origin": "https://evil.example"})
    page = client.get("/", headers={"origin": "https://app.example.org"})

    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Origin" not in page


def test_an_address_the_api_does_not_have_is_a_json_404(client):
    response = client.get("/api/v1/stories/not-a-number")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_images_come_with_their_renditions(client):
    story = PublishedArticleFactory(
        lead_image=png_upload("harbour.png", size=(400, 300)), lead_image_alt="A pier"
    )

    image = client.get(f"/api/v1/stories/{story.pk}").json()["lead_image"]

    assert (image["width"], image["height"], image["alt"]) == (400, 300, "A pier")
    widths = {(r["type"], r["width"]) for r in image["renditions"]}
    assert widths == {("image/webp", 320), ("image/webp", 400)} | {
        ("image/png", 320),
        ("image/png", 400),
    }
    smallest = next(r for r in image["renditions"] if r["width"] == 320)
    assert (
        client.get(smallest["url"].removeprefix("http://testserver")).status_code == 200
    )
