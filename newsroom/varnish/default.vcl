# Varnish 7 in front of the newsroom: it keeps the public pages the application
# marks "public", serves them stale while it fetches them again and while the
# application is down, never keeps the admin, previews or anyone signed in, and
# drops exactly the pages of a change when the application sends a purge with
# their keys (the xkey vmod, from Debian's varnish-modules).
#
# Set the backend to the application's address, list the machines that run it in
# the "purgers" ACL, and point VARNISH_PURGE_URLS at this Varnish.
vcl 4.1;

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    # /healthz answers without the database: a backend that stops answering it is
    # sick, and pages are then served from grace.
    .probe = {
        .url = "/healthz";
        .interval = 2s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
        .initial = 3;
    }
}

# Who may purge: the application's own machines.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, previews and share links, and the browsers' reports: never kept.
    if (req.url ~ "^/admin(/|$)" || req.url ~ "^/preview/" || req.url ~ "^/csp-report") {
        return (pass);
    }
    # Someone signed in, or on their way in (a session or a CSRF cookie, with or
    # without the __Host- / __Secure- prefix), and API clients with credentials.
    if (req.http.Authorization ||
        req.http.Cookie ~ "(^|;\s*)(__Host-|__Secure-)?(sessionid|csrftoken)=") {
        return (pass);
    }
    # No public page reads another cookie: one set by some script must not split
    # the cache into a copy per reader.
    unset req.http.Cookie;
    # A healthy application: a page past its time is served once more while it
    # is fetched again (stale-while-revalidate). A sick one: from grace (below).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }
    return (hash);
}

sub vcl_backend_response {
    # Only what the application marks public, and sets no cookie, is kept; the
    # rest is fetched for each reader (and remembered as such for two minutes).
    if (beresp.http.Set-Cookie ||
        beresp.http.Cache-Control !~ "(^|,)\s*public" ||
        beresp.http.Cache-Control ~ "private|no-store|no-cache") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The time to live comes from the page's max-age. Past it, a copy is kept a
    # day to be served while the application is down.
    set beresp.grace = 24h;
    return (deliver);
}

sub vcl_deliver {
    # The keys are for this cache only; readers get the age and whether it was kept.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
