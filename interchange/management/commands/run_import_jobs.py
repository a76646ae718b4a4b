"""manage.py run_import_jobs: run the admin's queued CSV imports (interchange/import_jobs.py), for
deployments that set AMPARO_IMPORT_RUNNER=command instead of running imports in a thread of the
web process."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from interchange import import_jobs


class Command(BaseCommand):
    help = (
        "Run the listing imports waiting in the queue, oldest first. With --loop, keep waiting "
        "for new ones (a worker process). --restart-stalled also starts again the imports whose "
        "worker went silent (a process that died), after deleting what they wrote."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running; poll the queue.")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between polls (with --loop)."
        )
        parser.add_argument(
            "--restart-stalled", action="store_true", help="Requeue stalled imports first."
        )

    def handle(self, *args, loop=False, interval=2.0, restart_stalled=False, **options):
        verbose = options.get("verbosity", 1) > 0
        while True:
            import_jobs.purge()  # files checked more than a day ago that nobody imported
            if restart_stalled:
                for job in import_jobs.stalled_jobs():
                    if import_jobs.restart(job, start_now=False) and verbose:
                        self.stdout.write(f"Requeued stalled import {job.uuid} ({job.file_name})")
            ran = 0
            while job := import_jobs.run():
                ran += 1
                if verbose:
                    self.stdout.write(
                        f"Import {job.uuid} ({job.file_name}): {job.get_status_display()}, "
                        f"{job.rows_checked} rows checked, {job.written} listings written"
                        + (f". {job.message}" if job.message else "")
                    )
            if not loop:
                if verbose and not ran:
                    self.stdout.write("No import is waiting.")
                return
            close_old_connections()  # a long-lived worker: drop a connection the server closed
            time.sleep(max(0.1, interval))
