"""What the import commands (``import_listings``, ``import_hsds``) share: the account the
listings are written as, progress lines, and the report written out (on stderr, and the
command failing, when nothing was imported)."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


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
