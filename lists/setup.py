"""The "Organization staff" group, and the lists' permissions of the directory's roles; run
after every ``migrate`` (apps.py). Only adds what is missing.

Staff curate and publish lists (only their own organizations', see permissions.py) and see the
organizations and every list; they get no permission on listings, so they can neither edit nor
vet them. Editors and Vetters manage organizations and see every list and edition.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from directory import setup as directory_setup

STAFF = "Organization staff"


def _permissions(codenames: list[str]) -> list[Permission]:
    found = list(Permission.objects.filter(content_type__app_label="lists", codename__in=codenames))
    missing = set(codenames) - {p.codename for p in found}
    if missing:
        raise RuntimeError(f"Permissions missing (run migrate): {sorted(missing)}")
    return found


def run() -> Group:
    with transaction.atomic():
        access_admin = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        staff, _created = Group.objects.get_or_create(name=STAFF)
        staff.permissions.add(
            access_admin,
            *_permissions(
                [
                    "add_trustedlist",
                    "change_trustedlist",
                    "delete_trustedlist",
                    "view_trustedlist",
                    "publish_trustedlist",
                    "view_organization",
                    "view_edition",
                ]
            ),
        )
        managers = _permissions(
            [
                "add_organization",
                "change_organization",
                "delete_organization",
                "view_organization",
                "view_trustedlist",
                "view_edition",
            ]
        )
        for name in (directory_setup.EDITORS, directory_setup.VETTERS):
            group, _created = Group.objects.get_or_create(name=name)
            group.permissions.add(*managers)
    return staff
