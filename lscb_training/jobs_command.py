"""The shape of every ``run_<app>_jobs`` command: run each job of the app's ``JOBS`` once (each
takes no arguments and returns a line saying what it did), or keep running them every
``--every SECONDS``, as ``make run`` does in development."""

import time

from django.core.management.base import BaseCommand


class JobsCommand(BaseCommand):
    jobs = ()

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, metavar="SECONDS", help="Keep running, every SECONDS (development)."
        )

    def handle(self, *args, every=0, **options):
        while True:
            for job in self.jobs:
                self.stdout.write(f"{job.__name__}: {job()}")
            if every <= 0:
                return
            time.sleep(every)
