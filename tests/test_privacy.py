"""Nothing a visitor or a staff member loads comes from another host."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import editor

pytestmark = pytest.mark.django_db

FOREIGN = re.compile(r'(?:src|href|srcset)="((?:https?:)?//[^"]+)"')


def test_site_stylesheet_is_served():
    assert finders.find("amparo/site.css")


@pytest.mark.parametrize(
    "name",
    ["wagtailadmin_home", "directory_due_for_review", "wagtailsnippets_directory_attorney:add"],
)
def test_admin_pages_load_nothing_from_other_hosts(client, name):
    client.force_login(editor(email="staff@example.org"))
    html = client.get(reverse(name)).content.decode()
    loaded = [url for url in FOREIGN.findall(html) if "://" in url or url.startswith("//")]
    # Links to documentation are fine; images, scripts and styles from elsewhere are not.
    assert not [
        url for url in loaded if re.search(r"gravatar|\.(js|css|png|jpe?g|svg|woff2?)(\?|$)", url)
    ]
    assert "gravatar" not in html
