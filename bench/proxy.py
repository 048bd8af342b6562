"""The article page through Varnish, against nginx sending the same bytes from a file.

Makes a fresh SQLite database under ``var/bench/proxy/`` with ``--stories``
generated stories, serves it with gunicorn (2 sync workers, DEBUG off, the page
cache on), puts ``varnishd`` with the repository's VCL in front, and saves the
article page as the proxy sends it to a file that ``nginx`` (Debian's
nginx-light) serves. Then ``wrk`` asks each for the page for ``--duration``
seconds, and the script prints both rates, their latencies and the ratio: how
close the proxy comes to a web server's static file.

``.venv/bin/python bench/proxy.py`` (after ``make bench`` has installed gunicorn);
needs varnishd with the xkey vmod, nginx and wrk.
"""

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.processes import (  # noqa: E402
    NotAnswering,
    free_port,
    start,
    stop,
    wait_until_answers,
)
from bench.run import (  # noqa: E402
    PYTHON,
    ROOT,
    WORK_DIR,
    Gunicorn,
    environment,
    load_average,
    manage,
    parse_wrk,
    run,
    say,
)
from bench.services import answers, start_varnish  # noqa: E402

PROXY_DIR = WORK_DIR / "proxy"

FIND_STORY = """
import django
django.setup()
from articles.models import Article
story = Article.objects.published().select_related("section").latest("published_at")
print(story.get_absolute_url())
"""

NGINX_CONF = """
daemon off;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location = /page.html {{
            root {work};
            default_type "text/html; charset=utf-8";
        }}
    }}
}}
"""


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000, help="(1,000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds (10)")
    parser.add_argument("--connections", type=int, default=16, help="(16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk's (2)")
    return parser.parse_args(argv)


def wait_for(url, process, what, seconds=30):
    """``(headers, body)`` of ``url`` once ``process`` answers it; else the end."""
    try:
        return wait_until_answers(
            process, lambda: answers(url), what=what, seconds=seconds
        )
    except NotAnswering as error:
        sys.exit(f"{error}; see its log beside its configuration")


def start_nginx(page, folder=PROXY_DIR):
    """nginx sending ``page`` as the static file ``/page.html``, from ``folder``."""
    (folder / "page.html").write_bytes(page)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=folder, port=port))
    process = start(
        ["nginx", "-c", str(conf), "-p", str(folder)], log=folder / "nginx.log"
    )
    return port, process


def measure(url, options):
    done = subprocess.run(
        [
            "wrk", f"-t{options.threads}", f"-c{options.connections}",
            f"-d{options.duration}s", "--latency", url,
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return parse_wrk(done.stdout)


def main(argv=None):
    options = parse_arguments(argv)
    for tool in ("wrk", "varnishd", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install wrk varnish nginx-light")
    shutil.rmtree(PROXY_DIR, ignore_errors=True)
    PROXY_DIR.mkdir(parents=True)
    database = PROXY_DIR / "newsroom.sqlite3"
    env = environment(f"sqlite:///{database}", page_cache=True)
    env["NEWSROOM_VAR_DIR"] = str(PROXY_DIR / "var")
    say(f"Making {options.stories:,} stories in {database.relative_to(ROOT)} ...")
    manage(env, "migrate", "--no-input")
    manage(env, "generate_stories", options.stories, "--seed", "7")
    path = run([PYTHON, "-c", FIND_STORY], env).strip()
    load_before = load_average()
    with Gunicorn(env) as server:
        varnish_port, varnish = start_varnish(("127.0.0.1", server.port), PROXY_DIR)
        nginx = None
        try:
            proxy_url = f"http://127.0.0.1:{varnish_port}{path}"
            wait_for(proxy_url, varnish, "varnishd")
            headers, page = wait_for(proxy_url, varnish, "varnishd")
            if headers.get("X-Cache") != "hit":
                sys.exit(f"The proxy did not keep {path}: X-Cache {headers}")
            nginx_port, nginx = start_nginx(page)
            static_url = f"http://127.0.0.1:{nginx_port}/page.html"
            _, same = wait_for(static_url, nginx, "nginx")
            assert same == page, "nginx does not send the page's bytes"
            say(f"The article page {path}: {len(page):,} bytes.")
            through_proxy = measure(proxy_url, options)
            static_file = measure(static_url, options)
        finally:
            stop(varnish)
            if nginx is not None:
                stop(nginx)
    say()
    say(
        f"wrk -t{options.threads} -c{options.connections} -d{options.duration}s, "
        f"load average before: {load_before}"
    )
    say("| server | req/s | p50 ms | p99 ms | errors |")
    say("|---|---:|---:|---:|---:|")
    for name, figures in (
        ("article page through Varnish", through_proxy),
        ("the same bytes from nginx", static_file),
    ):
        errors = figures["non_2xx"] + figures["socket_errors"] + figures["timeouts"]
        say(
            f"| {name} | {figures['rps']:,.0f} | {figures['p50']:.2f} "
            f"| {figures['p99']:.2f} | {errors} |"
        )
    ratio = through_proxy["rps"] / static_file["rps"]
    say(f"Varnish serves the article page at {ratio:.0%} of nginx's static rate.")
    (PROXY_DIR / "figures.json").write_text(
        json.dumps({"proxy": through_proxy, "static": static_file, "ratio": ratio})
    )


if __name__ == "__main__":
    main()
