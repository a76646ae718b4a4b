"""Shared fixtures. The database is migrated (never --nomigrations): Wagtail's migrations seed the
root page, site and default locale, and the directory's post-migrate set-up adds the Spanish
locale, taxonomies, the Editors/Vetters groups and the Vetting workflow."""

import pytest
from wagtail.models import Locale

from tests import factories


@pytest.fixture
def editor(db):
    return factories.editor(username="eddie")


@pytest.fixture
def vetter(db):
    return factories.vetter(username="vera")


@pytest.fixture
def spanish(db):
    return Locale.objects.get(language_code="es")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def vetter_client(client, vetter):
    client.force_login(vetter)
    return client
