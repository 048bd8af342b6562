"""The security headers on every response, and the CSP report endpoint."""

import json
import logging

import pytest

from django.urls import reverse

from .factories import PublishedArticleFactory

pytestmark = pytest.mark.django_db


def directives(response):
    return {
        part.split()[0]: part.split()[1:]
        for part in response.headers["Content-Security-Policy"].split("; ")
    }


def test_public_pages_allow_no_inline_script_and_no_other_origin(client):
    article = PublishedArticleFactory()

    for url in [reverse("articles:home"), article.get_absolute_url()]:
        response = client.get(url)
        policy = directives(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["default-src"] == ["'none'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["report-uri"] == ["/csp-report/"]
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_the_admin_allows_the_editors_import_map_by_its_hash_only(admin_client):
    response = admin_client.get(reverse("admin:articles_article_add"))

    policy = directives(response)
    page = response.content.decode()
    assert '<script type="importmap">' in page
    assert [source for source in policy["script-src"] if source != "'self'"] == [
        source for source in policy["script-src"] if source.startswith("'sha256-")
    ]
    assert len(policy["script-src"]) == 2
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_a_violation_report_is_logged_and_answered_204(client, caplog):
    report = {"csp-report": {"violated-directive": "script-src", "blocked-uri": "x"}}

    with caplog.at_level(logging.WARNING, logger="newsroom.csp"):
        response = client.post(
            "/csp-report/", json.dumps(report), content_type="application/csp-report"
        )

    assert response.status_code == 204
    assert '"violated-directive": "script-src"' in caplog.text


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"not json", 400), (b"{" + b" " * 20_000 + b"}", 413), (b"\xff\xfe", 400)],
)
def test_a_report_that_is_not_one_is_refused_without_error(client, body, status):
    response = client.post("/csp-report/", body, content_type="application/json")

    assert response.status_code == status
    assert client.get("/csp-report/").status_code == 405
