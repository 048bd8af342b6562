"""Purges for the caching proxies in front of the site (Varnish with its xkey vmod).

After a change commits, the page cache sends each proxy in ``VARNISH_PURGE_URLS``
one ``PURGE`` request per hundred keys, with the keys in an ``xkey-purge`` header:
the proxy drops every page it keeps that carries one of them in its ``xkey``
header. A proxy that does not answer is logged and left: an editor's save never
waits on it for more than ``PURGE_TIMEOUT`` seconds, and never fails because of it.
"""

import http.client
import logging
import urllib.error
import urllib.request

from django.conf import settings

log = logging.getLogger(__name__)

KEYS_PER_REQUEST = 100
PURGE_TIMEOUT = 2


def purge(keys):
    """Ask every proxy to drop the pages carrying any of ``keys``; True if all did."""
    urls = settings.VARNISH_PURGE_URLS
    if not urls or not keys:
        return True
    done = True
    for url in urls:
        ordered = sorted(keys)
        for start in range(0, len(ordered), KEYS_PER_REQUEST):
            chunk = ordered[start : start + KEYS_PER_REQUEST]
            request = urllib.request.Request(
                url, method="PURGE", headers={"xkey-purge": " ".join(chunk)}
            )
            try:
                with urllib.request.urlopen(request, timeout=PURGE_TIMEOUT):
                    pass
            except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
                log.warning(
                    "The proxy at %s did not purge %s: %s", url, " ".join(chunk), error
                )
                done = False
                break
    return done
