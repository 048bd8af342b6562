"""The security headers on every response, and the CSP report endpoint."""

import json
import logging
import re

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


# The site's policy is built once (articles.security.site_policy()); each response
# must get exactly what django-csp itself would send it.


def _with_both_middlewares(request, response_for):
    """The headers our middleware sends, and those django-csp's own sends, for the
    same request and a fresh response from ``response_for()`` each."""
    from csp.middleware import CSPMiddleware

    from articles.security import ContentSecurityPolicyMiddleware

    answers = []
    for middleware_class in (ContentSecurityPolicyMiddleware, CSPMiddleware):
        middleware = middleware_class(lambda request: response_for())
        for name in ("csp_nonce", "_csp_nonce"):
            request.__dict__.pop(name, None)
        response = middleware(request)
        answers.append(
            {
                name: value
                for name, value in response.headers.items()
                if name.startswith("Content-Security-Policy")
            }
        )
    return answers


def _responses():
    from csp.decorators import csp_exempt, csp_update

    from django.http import HttpResponse

    def plain(request):
        return HttpResponse("page")

    return {
        "plain": plain,
        "updated": csp_update({"img-src": ["https://images.example.org"]})(plain),
        "exempt": csp_exempt()(plain),
        "not found": lambda request: HttpResponse("no", status=404),
    }


@pytest.mark.parametrize("name", ["plain", "updated", "exempt", "not found"])
@pytest.mark.parametrize(
    "policies",
    [
        {},
        {
            "CONTENT_SECURITY_POLICY_REPORT_ONLY": {
                "DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/r/"}
            }
        },
        {"CONTENT_SECURITY_POLICY": {"DIRECTIVES": {"default-src": ["'self'"]}}},
    ],
)
def test_the_built_policy_is_what_django_csp_sends(rf, settings, name, policies):
    for setting, value in policies.items():
        setattr(settings, setting, value)
    view = _responses()[name]
    request = rf.get("/world/")

    ours, theirs = _with_both_middlewares(request, lambda: view(request))

    assert ours == theirs
    if name != "exempt":
        assert "default-src" in ours["Content-Security-Policy"]


def test_a_page_that_uses_a_nonce_gets_it_in_its_policy(rf, settings):
    from csp.constants import NONCE

    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'none'"], "script-src": ["'self'", NONCE]}
    }
    request = rf.get("/world/")

    def with_nonce():
        from django.http import HttpResponse

        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    ours, theirs = _with_both_middlewares(request, with_nonce)

    assert re.search(
        r"script-src 'self' 'nonce-[^']+'", ours["Content-Security-Policy"]
    )
    unnonced = [
        re.sub(r"'nonce-[^']+'", "nonce", answer["Content-Security-Policy"])
        for answer in (ours, theirs)
    ]
    assert unnonced[0] == unnonced[1]


def test_the_admins_policy_goes_where_the_requests_urls_put_the_admin(rf):
    from django.http import HttpResponse

    from articles.security import ContentSecurityPolicyMiddleware

    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("page"))

    def policy(path, urlconf=None):
        request = rf.get(path)
        if urlconf:
            request.urlconf = urlconf
        return middleware(request)["Content-Security-Policy"]

    assert "'unsafe-inline'" in policy("/admin/")
    assert "'unsafe-inline'" not in policy("/world/")
    elsewhere = "tests.urls_admin_elsewhere"
    assert "'unsafe-inline'" in policy("/back-office/", elsewhere)
    assert "'unsafe-inline'" not in policy("/admin/", elsewhere)
