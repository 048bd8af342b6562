"""Publish scheduled stories as their time comes, until stopped (SIGTERM or Ctrl-C)."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from ... import scheduler


class Command(BaseCommand):
    help = (
        "Run until stopped, publishing every scheduled story within a minute of its "
        "time. Safe to run beside another scheduler or cron's publish_scheduled."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=int,
            default=scheduler.DEFAULT_INTERVAL,
            help="Seconds between two passes, 1 to 60 (default %(default)s).",
        )
        parser.add_argument(
            "--runs",
            type=int,
            default=None,
            help="Stop after this many passes (default: run until stopped).",
        )

    def handle(self, *args, interval, runs, **options):
        if not 1 <= interval <= 60:
            raise CommandError(
                "--interval must be 1 to 60 seconds, so that a story goes out "
                "within a minute of its time."
            )
        stop = threading.Event()
        # SIGINT too: started in the background by `make run`, the scheduler would
        # otherwise ignore the Ctrl-C that stops the web server.
        stopping = (signal.SIGTERM, signal.SIGINT)
        before = {
            number: signal.signal(number, lambda *_: stop.set()) for number in stopping
        }
        self.stdout.write(f"Publishing scheduled stories every {interval} seconds.")
        try:
            published = scheduler.run(
                interval=interval, stop=stop, runs=runs, report=self.stdout.write
            )
        finally:
            for number, handler in before.items():
                signal.signal(number, handler)
        self.stdout.write(f"Stopped; {published} published.")
