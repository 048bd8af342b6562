"""The Jinja2 environment of the public pages: Django's helpers and the site's own.

The public site renders with Jinja2 (``templates/jinja2/``), the admin with Django's
template language (``templates/``). A page of twenty story cards, or a story of dozens of
parts, is a macro call per card or part; Jinja2 compiles templates to Python, so a
macro call costs a function call, where an ``{% include %}`` per part cost more
than the rest of the page. Autoescaping is on: only what ``sanitize.clean_html()``
wrote goes out through ``|safe``.
"""

import datetime
import functools

from jinja2 import Environment
from jinja2.utils import htmlsafe_json_dumps

from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.template.defaultfilters import date, linebreaks_filter, truncatechars
from django.templatetags.static import static as static_url
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from . import addresses, images
from .sanitize import xml_text

# How wide an image in the story's column is drawn: the screen less the page's
# gutters on a phone, the column's measure once the screen is wider than that.
ARTICLE_SIZES = "(min-width: 39rem) 37rem, calc(100vw - 2rem)"
# The fallback's ``src``, for the rare browser without ``srcset``.
FALLBACK_WIDTH = 960


def environment(**options):
    """The environment Django's Jinja2 backend renders the public pages with."""
    # As Django's templates do: a file's last newline is part of the page.
    options.setdefault("keep_trailing_newline", True)
    env = Environment(**options)

    def macros(name):
        """The macros of the template ``name``, as ``{% import name as ... %}``
        gives them: the template's module (``Template.module``), made once.

        An import looks, on every render, for any of the site's globals that the
        imported template lacks (there are none) before it hands out that module:
        it cost the article page as much as ten paragraphs."""
        return env.get_template(name).module

    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_language": get_language,
            "page_url": page_url,
            "canonical_page_url": canonical_page_url,
            "picture_of": picture_of,
            "macros": macros,
            "ARTICLE_SIZES": ARTICLE_SIZES,
        }
    )
    env.filters.update(
        {
            "date": local_date,
            "linebreaks": linebreaks_filter,
            "truncatechars": truncatechars,
            "capfirst": capfirst,
            "machine_time": machine_time,
            "seconds": seconds,
            "localtime": timezone.localtime,
            "day_and_time": day_and_time,
            "day_time_and_zone": day_time_and_zone,
            "tag_address": addresses.of_tag,
            "xml": xml_text,
        }
    )
    env.policies["json.dumps_kwargs"] = JSON_DUMPS_KWARGS
    return env


# How ``|tojson`` and ``script_json()`` write JSON.
JSON_DUMPS_KWARGS = {"cls": DjangoJSONEncoder, "ensure_ascii": False}


def script_json(value):
    """``value`` as ``|tojson`` writes it, for a ``<script>`` element: Jinja2
    escapes ``<``, ``>``, ``&`` and ``'`` so that no text inside can end it.

    For JSON written once and kept (the article page's JSON-LD, with the story's
    other values, ``views.stories``)."""
    return htmlsafe_json_dumps(value, **JSON_DUMPS_KWARGS)


@functools.lru_cache(maxsize=64)
def static(path):
    """``{% static %}``, worked out once per file and process: every page names the
    same stylesheet and icon, and the storage builds each address anew (a join of
    URLs, the manifest's hashed name). Neither changes while the process runs
    (the manifest is read when the storage starts) unless a setting does (tests)."""
    return static_url(path)


def _static_setting_changed(setting, **kwargs):
    if setting.startswith("STATIC") or setting in ("STORAGES", "DEBUG"):
        static.cache_clear()


setting_changed.connect(_static_setting_changed, dispatch_uid="newsroom-static")


def url(name, *args, **kwargs):
    """``{% url %}``: the address of the URL pattern ``name``."""
    return reverse(name, args=args, kwargs=kwargs)


def page_url(request, number):
    """The current address with ``page`` set to ``number``, other parameters kept.

    The first page is the address without ``page``: one address for each page.
    """
    if request.GET.keys() <= {"page"}:
        # Nothing else to keep (a list's own links): the query is the page alone,
        # without copying the request's parameters (a deep copy) to write it.
        return f"?page={number}" if number != 1 else request.path
    query = request.GET.copy()
    query.pop("page", None)
    if number != 1:
        query["page"] = number
    return f"?{query.urlencode()}" if query else request.path


def canonical_page_url(request, page):
    """The absolute address of this page of a list, without any other parameter."""
    suffix = f"?page={page.number}" if page.number > 1 else ""
    return request.build_absolute_uri(f"{request.path}{suffix}")


def local_date(value, arg=None):
    """Django's ``date`` filter, in the site's time zone as Django's templates show it."""
    return date(template_localtime(value), arg)


def day_and_time(moment):
    """A local time as the date filter's "j F Y, H:i" shows it: "3 May 2024, 14:05".

    Written out for the story cards, twenty to a list, where the filter's parsing
    of its format for each card cost more than the rest of the card; the month's
    name is translated once per language (``_month_names()``), not once a card.
    """
    month = _month_names(get_language())[moment.month]
    return f"{moment.day} {month} {moment.year}, {moment.hour:02}:{moment.minute:02}"


def day_time_and_zone(value):
    """``|date("j F Y, H:i T")``, written out: "3 May 2024, 14:05 CEST".

    For the article page's times: the filter parses its format on each call,
    which cost the page more than its metadata's JSON. A value other than an
    aware datetime goes to the filter itself.
    """
    if not isinstance(value, datetime.datetime) or timezone.is_naive(value):
        return local_date(value, "j F Y, H:i T")
    local = template_localtime(value)
    zone = local.tzinfo
    # As the filter's "T": no name for a time the zone's clocks show twice or never.
    if zone.utcoffset(local.replace(fold=not local.fold)) != zone.utcoffset(local):
        name = ""
    else:
        name = str(zone.tzname(local))
    month = _month_names(get_language())[local.month]
    return (
        f"{local.day} {month} {local.year:04}, {local.hour:02}:{local.minute:02} {name}"
    )


@functools.lru_cache(maxsize=32)
def _month_names(language):
    """The months' names in ``language``, the language active when asked."""
    return {number: str(name) for number, name in MONTHS.items()}


def capfirst(value):
    """Django's ``capfirst``, for the text a template gives it.

    Django's takes lazy translations too, and checks each argument for one on
    every call: a list's cards call it for each credit line.
    """
    if not value:
        return value
    if not isinstance(value, str):
        value = str(value)
    return value[0].upper() + value[1:]


def seconds(moment):
    """``moment.isoformat(timespec="seconds")``: a local time, as ``<time datetime>``
    wants it (a filter, which costs a card less than a method's call)."""
    return moment.isoformat(timespec="seconds")


def machine_time(value):
    """A datetime for ``<time datetime>``: local time with offset, whole seconds.

    The ``c`` date format would keep microseconds, which HTML does not accept.
    """
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


def picture_of(image):
    """What a ``<picture>`` of ``image`` needs: size, WebP and fallback renditions.

    Reads the name and the pixel size the model stores beside the image (the field's
    ``width_field`` and ``height_field``) and opens no file, so a page with ten
    images costs what a page with none does. None for an image whose row holds no
    size: it is shown as stored.
    """
    field = image.field
    if not (field.width_field and field.height_field):
        return None
    width = getattr(image.instance, field.width_field)
    height = getattr(image.instance, field.height_field)
    if not (width and height):
        return None
    found = images.renditions(image.name, width, height)
    webp = found.pop("webp")
    (fallback,) = found.values()
    src = next(
        (r for r in reversed(fallback) if r.width <= FALLBACK_WIDTH), fallback[0]
    )
    return {
        "width": width,
        "height": height,
        "src": src.url,
        "webp_srcset": _srcset(webp),
        "srcset": _srcset(fallback),
    }


def _srcset(group):
    return ", ".join(f"{r.url} {r.width}w" for r in group)
