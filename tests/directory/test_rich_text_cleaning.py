"""Rich text from outside carries no script (directory/cleaning.py).

Classic payloads go in through every importer (CSV, HSDS, backup restore); what is stored, and
every public output after a vetter publishes it, holds only what the description's editor
allows: paragraphs, line breaks, bold, italic, lists and http(s)/mailto/tel links."""

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.rich_text import features as feature_registry

from directory.cleaning import FEATURE_TAGS, clean_rich_text
from directory.models import Listing
from directory.models.listing import RICH_TEXT_FEATURES
from tests import factories
from tests.interchange.test_csv_import import row, to_csv

FEATURES = RICH_TEXT_FEATURES
# (name, what a file holds, what is stored). Every payload's code is alert(1): it must never
# survive as markup, only as escaped text (the last one).
PAYLOADS = [
    ("script", "<p>Hi</p><script>alert(1)</script>", "<p>Hi</p>"),
    ("img-onerror", "<p>Hi<img src=x onerror=alert(1)></p>", "<p>Hi</p>"),
    ("javascript-link", '<p><a href="javascript:alert(1)">go</a></p>', "<p><a>go</a></p>"),
    ("mixed-case", '<p><a href="JaVaScRiPt:alert(1)">go</a></p>', "<p><a>go</a></p>"),
    ("tab", '<p><a href="java\tscript:alert(1)">go</a></p>', "<p><a>go</a></p>"),
    ("leading-space", '<p><a href="  javascript:alert(1)">go</a></p>', "<p><a>go</a></p>"),
    ("entity-j", '<p><a href="&#106;avascript:alert(1)">go</a></p>', "<p><a>go</a></p>"),
    ("entity-tab", '<p><a href="java&#x09;script:alert(1)">go</a></p>', "<p><a>go</a></p>"),
    (
        "data-link",
        '<p><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">go</a></p>',
        "<p><a>go</a></p>",
    ),
    ("svg-onload", "<p>Hi</p><svg onload=alert(1)></svg>", "<p>Hi</p>"),
    ("style", "<style>body{background:url(javascript:alert(1))}</style><p>Hi</p>", "<p>Hi</p>"),
    ("iframe", '<p>Hi</p><iframe src="javascript:alert(1)"></iframe>', "<p>Hi</p>"),
    (
        "onclick",
        '<p><a href="https://example.org/" onclick="alert(1)">go</a></p>',
        '<p><a href="https://example.org/">go</a></p>',
    ),
    (
        "escaped-text",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
    ),
]
IDS = [name for name, _raw, _clean in PAYLOADS]
ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ol", "ul", "li"}
ALLOWED_ATTRIBUTES = {"href", "linktype", "id", "data-block-key"}


class Markup(HTMLParser):
    """The tags and attributes of an HTML string, as a browser's tokenizer sees them."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_harmless(html_text: str) -> None:
    for tag, attrs in Markup(html_text).tags:
        assert tag in ALLOWED_TAGS, html_text
        assert set(attrs) <= ALLOWED_ATTRIBUTES, html_text
        href = "".join((attrs.get("href") or "").split()).lower()
        scheme = href.split(":", 1)[0] if ":" in href.split("/", 1)[0] else ""
        assert scheme in {"", "http", "https", "mailto", "tel"}, html_text
    assert "alert(1)" not in html_text or "&lt;script&gt;alert(1)" in html_text, html_text


# The function ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [(r, c) for _n, r, c in PAYLOADS], ids=IDS)
def test_payloads_are_cleaned_to_the_fields_features(raw, expected):
    assert clean_rich_text(raw, FEATURES) == expected
    assert clean_rich_text(expected, FEATURES) == expected  # cleaning twice is cleaning once


def test_what_the_features_allow_is_kept_and_the_rest_unwrapped():
    html_text = (
        '<p data-block-key="a1b2c"><b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em><br/>'
        '<a href="https://example.org/?a=1&amp;b=2">web</a> <a href="mailto:x@example.org">m</a> '
        '<a href="tel:+19735550100">t</a> <a linktype="page" id="3">page</a></p>'
        '<ul><li data-block-key="d4">one</li></ul><ol><li data-block-key="e5">two</li></ol>'
    )
    assert clean_rich_text(html_text, FEATURES) == html_text
    # Not among the description's features: headings and underline lose their tags, not text.
    assert clean_rich_text("<h2>Title</h2><p><u>u</u></p>", FEATURES) == "Title<p>u</p>"
    assert clean_rich_text("<h2>Title</h2>", ["h2"]) == "<h2>Title</h2>"
    # Only a page link's numeric id is kept: another id could shadow a script's globals.
    assert clean_rich_text('<a href="/x" id="config" linktype="doc">x</a>', FEATURES) == (
        '<a href="/x">x</a>'
    )


def test_what_the_editor_stores_is_unchanged_by_cleaning():
    """Draftail's output (via Wagtail's own converter) passes through byte for byte, so an
    admin save or an unchanged import never looks like a change."""
    converter = ContentstateConverter(FEATURES)
    stored = converter.to_database_format(
        converter.from_database_format(
            '<p>A &amp; B "quoted" <b>bold</b> <i>it</i><br/>next <a href="https://e.org/">l</a>'
            "</p><ul><li>one</li></ul><ol><li>two</li></ol>"
        )
    )
    assert "data-block-key" in stored and "<br/>" in stored
    assert clean_rich_text(stored, FEATURES) == stored


@pytest.mark.parametrize("feature", sorted(FEATURE_TAGS))
def test_feature_tags_match_wagtails_editor(feature):
    """Each feature allows exactly the tags its editor reads (Wagtail's contentstate rule)."""
    rule = feature_registry.get_converter_rule("contentstate", feature)
    wagtail_tags = {selector.split("[")[0] for selector in rule["from_database_format"]}
    assert set(FEATURE_TAGS[feature]) == wagtail_tags


def test_every_rich_text_field_has_known_features():
    from django.apps import apps
    from wagtail.fields import RichTextField

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, RichTextField) and field.features:
                clean_rich_text("<p>x</p>", field.features)  # ImproperlyConfigured if unknown


# The importers ----------------------------------------------------------------------------------


def import_csv(tmp_path, user) -> None:
    rows = [
        row(name=f"Example Clinic {name}", description=raw, slug=f"clinic-{name}")
        for name, raw, _clean in PAYLOADS
    ]
    path = tmp_path / "listings.csv"
    path.write_bytes(to_csv(rows))
    call_command("import_listings", str(path), "--user", user.username, stdout=io.StringIO())


def import_hsds(tmp_path, user) -> None:
    services = [
        {
            "id": f"00000000-0000-0000-0000-{number:012d}",
            "name": f"Example Immigration Legal Services {name}",
            "status": "active",
            # The first short paragraph becomes the summary; the rest is the description.
            "description": f"Free help.\n\n{raw}",
        }
        for number, (name, raw, _clean) in enumerate(PAYLOADS, start=1)
    ]
    path = tmp_path / "services.json"
    path.write_text(json.dumps(services))
    call_command("import_hsds", str(path), user=user.username, stdout=io.StringIO())


def import_backup(tmp_path, user) -> None:
    for name, _raw, _clean in PAYLOADS:
        factories.AttorneyFactory(name=f"Example Clinic {name}", slug=f"clinic-{name}")
    path = tmp_path / "directory.json"
    call_command("export_directory", str(path), stdout=io.StringIO())
    data = json.loads(path.read_text(encoding="utf-8"))
    raws = {f"clinic-{name}": raw for name, raw, _clean in PAYLOADS}
    for record in data["listings"]:
        record["fields"]["description"] = raws[record["fields"]["slug"]]
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_directory", str(path), "--replace", stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("run_import", [import_csv, import_hsds, import_backup])
def test_every_importer_stores_only_clean_rich_text(tmp_path, editor, run_import):
    run_import(tmp_path, editor)
    listings = list(Listing.objects.order_by("pk"))
    assert len(listings) == len(PAYLOADS)
    by_name = {listing.name.rsplit(" ", 1)[1]: listing for listing in listings}
    for name, _raw, clean in PAYLOADS:
        listing = by_name[name]
        stored = Listing.objects.filter(pk=listing.pk).values_list("description", flat=True)[0]
        revision = listing.latest_revision.content["description"]  # what a vetter's preview shows
        assert stored == revision == clean, name


@pytest.mark.django_db
def test_the_field_cleans_every_write_path():
    """The model-level safeguard: a save, a queryset update and a loaded revision."""
    _name, raw, clean = PAYLOADS[0]
    listing = factories.AttorneyFactory(description=raw)
    assert Listing.objects.values_list("description", flat=True).get(pk=listing.pk) == clean
    Listing.objects.filter(pk=listing.pk).update(description=raw)
    assert Listing.objects.values_list("description", flat=True).get(pk=listing.pk) == clean
    revision = listing.save_revision()
    revision.content["description"] = raw  # as an older, uncleaned revision would hold it
    assert revision.as_object().description == clean


# What the public sees ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_published_imports_carry_no_script_into_any_output(client, tmp_path, editor, vetter):
    import_csv(tmp_path, editor)
    listings = {
        listing.slug: factories.publish(listing, vetter) for listing in Listing.objects.all()
    }
    export = b"".join(client.get("/api/@export", {"format": "csv"}).streaming_content).decode()
    exported = {r["slug"]: r["description"] for r in csv.DictReader(io.StringIO(export[1:]))}
    uids = [listing.translation_key.hex for listing in listings.values()]
    sheet = client.get("/api/@referral-sheet", {"uids": uids[:8], "format": "html"})
    assert sheet.status_code == 200
    assert "alert(1)" not in sheet.content.decode()
    for name, _raw, clean in PAYLOADS:
        listing = listings[f"clinic-{name}"]
        detail = client.get(f"/api/directory/attorneys/{listing.slug}").json()
        assert detail["text"]["data"] == clean, name
        assert exported[listing.slug] == clean, name
        hsds = client.get(f"/api/hsds/services/{listing.translation_key}").json()
        assert "alert(1)" not in hsds["description"] or name == "escaped-text", name
        assert_harmless(clean)
