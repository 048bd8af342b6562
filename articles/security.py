"""The browser's defences: Content-Security-Policy and Permissions-Policy on every
response, and the endpoint that logs what a policy blocked.

django-csp writes the header. The public site runs no script of its own, so its
policy allows scripts from the site only and no inline script at all (a JSON-LD
block is data, ``type="application/ld+json"``, which no policy blocks). The admin
gets a policy of its own that the rich-text editor works under: its import map is
the one inline script, allowed by its hash, and ProseMirror sets inline styles.
"""

import base64
import functools
import hashlib
import json
import logging
import re

from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django_prose_editor.widgets import prose_editor_admin_media

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger("newsroom.csp")

# Features no page of the site uses: a script that got in cannot use them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "xr-spatial-tracking",
    )
)
# A report is a small JSON document; anything bigger is not one.
MAX_REPORT_BYTES = 16 * 1024


@functools.cache
def _import_map_hash():
    """The CSP hash of the editor's ``<script type="importmap">``, as rendered."""
    rendered = str(prose_editor_admin_media["importmap"])
    body = re.search(r"<script[^>]*>(.*)</script>", rendered, re.DOTALL).group(1)
    digest = hashlib.sha256(body.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def admin_policy():
    """The admin's policy: the public one, with what the editor needs."""
    directives = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    directives.update(
        {
            "default-src": [SELF],
            "script-src": [SELF, _import_map_hash()],
            "style-src": [SELF, UNSAFE_INLINE],
            "img-src": [*directives["img-src"], "blob:"],
            # The admin's "add another" windows, and nothing else, frame nothing.
            "frame-ancestors": [SELF],
        }
    )
    return default_config(directives)


# What a view or decorator of django-csp sets on a response to change or lift its
# policy: a response that carries none of them gets the site's policy as it is.
_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


@functools.cache
def site_policy():
    """The headers of the site's own policy, ``{header: value}``, as django-csp
    builds them for a response with no policy of its own and no nonce.

    Built once, not on every response: django-csp copies and joins every
    directive of both policies (the report-only one too) for each response,
    which cost the article page a fortieth of its time. Built again when a
    policy setting changes (tests).
    """
    headers = {}
    for header, name, report_only in (
        (HEADER, "CONTENT_SECURITY_POLICY", False),
        (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
    ):
        policy = getattr(settings, name, None) or {}
        if policy.get("EXCLUDE_URL_PREFIXES"):
            return None  # left to django-csp, which looks at each address
        value = build_policy(report_only=report_only)
        if value:
            headers[header] = value
    return headers


def _policy_setting_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        site_policy.cache_clear()


setting_changed.connect(_policy_setting_changed, dispatch_uid="newsroom-csp")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy under the admin's address
    and a Permissions-Policy on every response."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and _is_admin(request):
            return PolicyParts(admin_policy(), parts.update, parts.replace, parts.nonce)
        return parts

    def process_response(self, request, response):
        headers = self._site_policy_for(request, response)
        if headers is None:
            response = super().process_response(request, response)
        else:
            for header, value in headers.items():
                if header not in response:
                    response[header] = value
            # As django-csp does: a nonce asked for after this point is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    @staticmethod
    def _site_policy_for(request, response):
        """The site's policy headers (``site_policy()``) when they are what
        django-csp would send for this response; None when it must build them:
        a response with a policy or a nonce of its own, the admin's, DEBUG's
        error pages."""
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _OWN_POLICY)
            or _is_admin(request)
        ):
            return None
        return site_policy()


@functools.lru_cache(maxsize=8)
def _admin_address(script_prefix, urlconf):
    return reverse("admin:index", urlconf=urlconf)


def _is_admin(request):
    # Resolved once per URL configuration: reversing the admin's namespaced name
    # on every response cost more than the rest of the policy. The script prefix
    # and the URL configuration are the ones the handler set for this request,
    # read from the request itself: get_script_prefix() and get_urlconf() read
    # them from context-aware locals, which cost every page as much again.
    script_name = request.META.get("SCRIPT_NAME", "")
    address = _admin_address(
        script_name if script_name.endswith("/") else f"{script_name}/",
        getattr(request, "urlconf", None) or settings.ROOT_URLCONF,
    )
    return request.path_info.startswith(address)


@csrf_exempt
def csp_report(request):
    """Log a browser's report of what a policy blocked; answer 204, whatever it is."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    body = request.read(MAX_REPORT_BYTES + 1)
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=400)
    logger.warning("Content-Security-Policy violation: %s", json.dumps(report))
    return HttpResponse(status=204)
