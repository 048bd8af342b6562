"""The page shown when the site itself fails."""

from django.conf import settings
from django.http import HttpResponseServerError
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
