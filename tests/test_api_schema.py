"""The API against its own OpenAPI description, with schemathesis: every operation,
with inputs generated from the description, answers without a server error and as
the description says (status, content type, body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from newsroom.wsgi import application  # noqa: E402

from .factories import (
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CitationFactory,
    CorrectionFactory,
    PublishedArticleFactory,
    SectionFactory,
)

# The description as the API serves it (building it reads no rows).
# A request the description allows may still find nothing (a story id no story
# has, a slug no section has: 404) or hold a cursor the API never gave (400).
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", 400, 404]}}}
)
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", application, config=CONFIG
)


@pytest.fixture
def newsroom(db):
    """A small published newsroom for the generated requests to find."""
    world = SectionFactory(slug="world")
    for number in range(3):
        story = PublishedArticleFactory(section=world, headline=f"Ferries {number}")
        story.tags.add("ferries")
        BodyPartFactory(article=story, position=0, text="<p>Ferries again.</p>")
        BylineFactory(article=story, author=AuthorFactory(slug=f"writer-{number}"))
        CitationFactory(article=story)
        CorrectionFactory(article=story)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    database=None,  # no example store left in the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_description_says(case, newsroom):
    case.call_and_validate()
