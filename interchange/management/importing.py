"""What the import commands (``import_listings``, ``import_hsds``) share: the account the
listings are written as, progress lines, and the report written out (on stderr, and the
command failing, when nothing was imported)."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


def add_arguments(parser, unit: str, progress_every: int, user_help: str, dry_run_help: str):
    """The options both imports take: --user, --only-valid, --dry-run, --progress-every
    (``unit``: what the file holds, rows or services)."""
    parser.add_argument("--user", required=True, help=user_help)
    parser.add_argument(
        "--only-valid",
        action="store_true",
        help=f"Import the valid {unit} even when others have problems (they are reported).",
    )
    parser.add_argument("--dry-run", action="store_true", help=dry_run_help)
    parser.add_argument(
        "--progress-every",
        type=int,
        default=progress_every,
        help=f"Print progress every N {unit} (default {progress_every}).",
    )


def account(name: str):
    """The user called ``name``, or the command's error."""
    User = get_user_model()
    try:
        return User.objects.get_by_natural_key(name)
    except User.DoesNotExist as error:
        raise CommandError(f"No user named {name!r}.") from error


def progress_printer(command: BaseCommand, verbosity: int, unit: str) -> Callable[[int, str], None]:
    """A progress callback writing ``  <done> <unit> <phase>`` (silent at verbosity 0)."""

    def progress(done: int, phase: str) -> None:
        if verbosity:
            command.stdout.write(f"  {done} {unit} {phase}")

    return progress


def write_report(command: BaseCommand, lines: list[str], failed: str | None) -> None:
    """The report's lines; when ``failed`` (the reason), on stderr, then the command fails."""
    out = command.stderr if failed else command.stdout
    for line in lines:
        out.write(line)
    if failed:
        raise CommandError(failed)
