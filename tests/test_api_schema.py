"""The API against its own OpenAPI description, with schemathesis: every operation,
with inputs generated from the description, answers without a server error and as
the description says (status, content type, body)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

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

# A request the description allows may still find nothing (a story id no story
# has, a slug no section has: 404) or hold a cursor the API never gave (400).
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", 400, 404]}}}
)
# The description as the API serves it (building it reads no rows).
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", application, config=CONFIG
)


@pytest.fixture
def newsroom(db):
    """A small published newsroom for the generated requests to find.

    The requests go to the WSGI application itself, which closes the database
    connection at the end of each; Django's test client keeps it open for the
    test's transaction, and so does this, the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _a_small_newsroom()
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _a_small_newsroom():
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
