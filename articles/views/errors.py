"""The page shown when the site itself fails."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    """The 500 page, with the site's name from settings and nothing from the database.

    The template is rendered without the request, so no context processor runs: the
    failure may be the database itself.
    """
    page = loader.get_template("500.html").render(
        {"site_name": settings.NEWSROOM_SITE_NAME}
    )
    return HttpResponseServerError(page)


def service_unavailable(request, *, retry_after, images=False):
    """The 503 page: what the page needs cannot be reached just now.

    Rendered as the 500 page is, without the request and with nothing from the
    database. ``images`` says it was the media storage rather than the database.
    """
    page = loader.get_template("503.html").render(
        {"site_name": settings.NEWSROOM_SITE_NAME, "images": images}
    )
    response = HttpResponse(page, status=503)
    response.headers["Retry-After"] = str(retry_after)
    response.headers["Cache-Control"] = "no-store"
    return response
