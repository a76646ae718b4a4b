"""manage.py export_directory / import_directory: a round trip through one JSON file gives the
same public API answers, keeps drafts, vetting and workflows, and a bad file writes nothing."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.models import Locale, Revision, WorkflowState

from directory.models import Listing, Phone, PublicVersion, Topic
from interchange import backup
from tests import factories

pytestmark = pytest.mark.django_db(transaction=False)

SEGMENTS = {
    "attorney": "attorneys",
    "consulate": "consulates",
    "worker-center": "worker-centers",
    "funding-source": "funding-sources",
}
QUERIES = [
    ("/api/@search", {"b_size": 100}),
    ("/api/@search", {"SearchableText": "immigration clinic", "b_size": 100}),
    ("/api/@search", {"q": "consulado", "language": "es", "b_size": 100}),
    ("/api/@search", {"state": "NJ", "b_size": 100}),
    ("/api/@search", {"near": "07102", "radius": 25, "b_size": 100}),
    ("/api/@search", {"languages": "mam", "topics": "bond", "language": "es"}),
    ("/api/@search", {"b_size": 1, "facets": ["topics", "languages", "state", "portal_type"]}),
    ("/api/@search", {"sort_on": "modified", "sort_order": "descending", "b_size": 100}),
    ("/api/@search", {"topics": "zz-backup-topic", "language": "es"}),
    ("/api/directory/", {}),
    ("/api/directory/attorneys/", {"b_size": 10, "b_start": 10}),
    ("/api/directory/consulates/", {"language": "es", "b_size": 100}),
    ("/api/@consulates", {"country": "MX", "near": "07102"}),
    ("/api/@vocabularies/topics", {"b_size": 100}),
    ("/api/@vocabularies/topics", {"b_size": 100, "language": "es"}),
    ("/api/@vocabularies/languages", {"b_size": 100, "language": "es"}),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo directory for this module only: loaded in a transaction rolled back at the end,
    so its listings, pages and accounts never reach other tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def custom_topic(demo):
    """A topic the seeds do not have, in English and Spanish, on a public listing."""
    english = Topic.objects.create(
        token="zz-backup-topic", title="Backup topic", locale=Locale.get_default()
    )
    Topic.objects.create(
        token="zz-backup-topic",
        title="Tema de respaldo",
        locale=Locale.objects.get(language_code="es"),
        translation_key=english.translation_key,
    )
    listing = Listing.objects.public().get(slug=public_slugs()[5][1], locale=english.locale)
    for translation in Listing.objects.filter(translation_key=listing.translation_key):
        translation.topics.add(english)  # as a sync from the source would
        translation.save()
    return english


def public_slugs() -> list[tuple[str, str]]:
    return sorted(
        Listing.objects.public()
        .filter(locale=Locale.get_default())
        .values_list("kind", "slug")
        .order_by("kind", "slug")
    )


def api_answers(client) -> dict:
    answers = {}
    for url, params in QUERIES:
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.content[:300])
        answers[f"{url} {sorted(params.items())}"] = response.json()
    for kind, slug in public_slugs():
        for language in ("en", "es"):
            url = f"/api/directory/{SEGMENTS[kind]}/{slug}"
            response = client.get(url, {"language": language})
            assert response.status_code == 200, url
            answers[f"{url} {language}"] = response.json()
        url += "/@translations"
        answers[url] = client.get(url).json()
    return answers


def export(tmp_path) -> tuple[str, dict]:
    path = tmp_path / "directory.json"
    call_command("export_directory", str(path), stdout=StringIO())
    return str(path), json.loads(path.read_text(encoding="utf-8"))


def import_file(path: str, *args: str) -> str:
    out = StringIO()
    call_command("import_directory", path, *args, stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {
        "listings": Listing.objects.count(),
        "phones": Phone.objects.count(),
        "revisions": Revision.objects.count(),
        "topics": Topic.objects.count(),
        "workflows": WorkflowState.objects.count(),
        "version": PublicVersion.objects.get_or_create(pk=1)[0].counter,
    }


def test_round_trip_with_replace_gives_the_same_api_answers(client, custom_topic, tmp_path):
    before = api_answers(client)
    text_search = before["/api/@search [('SearchableText', 'immigration clinic'), ('b_size', 100)]"]
    assert text_search["items_total"] > 0  # so the comparison says something about search
    assert before["/api/@search [('language', 'es'), ('topics', 'zz-backup-topic')]"]["items"]
    path, _data = export(tmp_path)
    old_pks = set(Listing.objects.values_list("pk", flat=True))
    version = counts()["version"]

    output = import_file(path, "--replace")

    assert not old_pks & set(Listing.objects.values_list("pk", flat=True))  # all new rows
    assert counts()["version"] > version  # bulk writes send no signal: bumped explicitly
    rows = Listing.objects.count()  # the demo's listings in every configured language
    assert "listings: 100/" in output and f"Imported {rows} listings" in output
    assert api_answers(client) == before


def test_round_trip_into_a_cleared_directory(client, custom_topic, tmp_path):
    before = api_answers(client)
    path, data = export(tmp_path)
    Listing.objects.all().delete()
    Topic.objects.filter(token="zz-backup-topic").delete()
    # The seeds' Spanish title of one topic is gone too: the file brings it back.
    Topic.objects.filter(token="bond", locale__language_code="es").delete()
    seeded = Topic.objects.count()

    # The demo's organization keeps its published editions (never deleted) and its API key, so
    # the import still needs --replace, which deletes no listing here (there are none).
    output = import_file(path, "--replace")

    assert Topic.objects.count() == seeded + 3  # the custom topic (en, es) and bond (es)
    assert "Taxonomy terms: 3 created, 0 updated." in output
    assert api_answers(client) == before
    # Translations stay paired: one translation_key, two locales.
    key = data["listings"][-1]["translation_key"]
    assert Listing.objects.filter(translation_key=key).count() == len(
        [r for r in data["listings"] if r["translation_key"] == key]
    )


def test_drafts_unpublished_changes_vetting_and_workflows_survive(client, demo, tmp_path):
    editor = factories.editor(username="backup-editor")
    live = Listing.objects.public().filter(locale=Locale.get_default(), kind="attorney").first()
    published_summary = live.summary
    live.summary = "An edit waiting for a vetter."
    live.save_revision(user=editor)
    drafts = {
        (row["translation_key"], row["live"])
        for row in Listing.objects.filter(live=False).values("translation_key", "live")
    }
    in_vetting = set(
        Listing.objects.filter(
            workflow_states__status=WorkflowState.STATUS_IN_PROGRESS
        ).values_list("translation_key", flat=True)
    )
    stamps = dict(Listing.objects.values_list("translation_key", "last_verified"))
    # Two listings and one Spanish translation in vetting, one draft listing.
    assert len(drafts) == 4 and len(in_vetting) == 3
    path, data = export(tmp_path)
    record = next(
        r for r in data["listings"] if r["translation_key"] == str(live.translation_key)
        and r["locale"] == "en"
    )  # fmt: skip
    assert record["draft"]["fields"]["summary"] == "An edit waiting for a vetter."
    assert record["draft"]["user"] == "backup-editor"

    import_file(path, "--replace")

    restored = Listing.objects.get(translation_key=live.translation_key, locale=live.locale)
    assert restored.live and restored.has_unpublished_changes
    assert restored.summary == published_summary  # the public row is the published content
    assert restored.get_latest_revision_as_object().summary == "An edit waiting for a vetter."
    assert restored.latest_revision.user == editor
    assert restored.live_revision.as_object().summary == published_summary
    detail = client.get(f"/api/directory/attorneys/{restored.slug}").json()
    assert detail["description"] == published_summary
    assert {
        (row["translation_key"], row["live"])
        for row in Listing.objects.filter(live=False).values("translation_key", "live")
    } == drafts
    assert (
        set(
            Listing.objects.filter(
                workflow_states__status=WorkflowState.STATUS_IN_PROGRESS
            ).values_list("translation_key", flat=True)
        )
        == in_vetting
    )
    waiting = Listing.objects.filter(workflow_states__status=WorkflowState.STATUS_IN_PROGRESS)
    assert waiting.count() == 3
    for listing in waiting:
        state = listing.current_workflow_state
        assert state.current_task_state.task.name == "Vetter approval"
        assert state.current_task_state.revision == listing.latest_revision
    assert dict(Listing.objects.values_list("translation_key", "last_verified")) == stamps
    assert set(Listing.objects.exclude(verified_by=None).values_list(
        "verified_by__username", flat=True
    )) == {"demo-vetter"}  # fmt: skip


def test_users_missing_here_are_left_empty_and_named(demo, tmp_path):
    _path, data = export(tmp_path)
    for record in data["listings"]:
        if record["verified_by"]:
            record["verified_by"] = "someone-elsewhere"
    (tmp_path / "other.json").write_text(json.dumps(data))

    output = import_file(str(tmp_path / "other.json"), "--replace")

    assert "someone-elsewhere" in output
    assert not Listing.objects.exclude(verified_by=None).exists()
    assert Listing.objects.public().exists()  # the stamp's date is what makes them public


def _bad_file(tmp_path, data) -> str:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def _with_unknown_topic(data):
    data["listings"][5]["fields"]["topics"].append("no-such-topic")
    return data


def _with_bad_phone(data):
    data["listings"][7]["fields"]["phones"][0]["number"] = "12"
    return data


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda data: '{"format": "amparo-directory", "version": 1,', "Not valid JSON"),
        (lambda data: {**data, "format": "something-else"}, "Not an Amparo directory backup"),
        (lambda data: {**data, "version": 99}, "version 99 is not supported"),
        (_with_unknown_topic, "listing #5 ("),
        (_with_bad_phone, "listing #7 ("),
    ],
)
def test_a_bad_file_writes_nothing_and_says_where(demo, tmp_path, change, message):
    _path, data = export(tmp_path)
    path = _bad_file(tmp_path, change(data))
    before = counts()

    with pytest.raises(CommandError) as error:
        import_file(path, "--replace")

    assert message in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert counts() == before


def test_an_unknown_term_names_the_listing_and_field(demo, tmp_path):
    _path, data = export(tmp_path)
    record = _with_unknown_topic(data)["listings"][5]
    with pytest.raises(CommandError) as error:
        import_file(_bad_file(tmp_path, data), "--replace")
    assert f"listing #5 ({record['slug']}, {record['locale']})" in str(error.value)
    assert "field 'topics': unknown topic token 'no-such-topic'" in str(error.value)


def test_refuses_a_directory_with_listings_unless_replace(demo, tmp_path):
    path, _data = export(tmp_path)
    before = counts()
    with pytest.raises(
        CommandError,
        match=rf"already has {Listing.objects.count()} listings, 1 suggestions, 1 organizations, "
        r"1 partner keys.*--repl",
    ):
        import_file(path)
    assert counts() == before


def test_dry_run_rolls_back(demo, tmp_path):
    path, _data = export(tmp_path)
    pks = set(Listing.objects.values_list("pk", flat=True))
    output = import_file(path, "--replace", "--dry-run")
    assert f"Imported {Listing.objects.count()} listings" in output and "rolled back" in output
    assert set(Listing.objects.values_list("pk", flat=True)) == pks


def test_export_to_stdout_is_json_with_a_format_marker(demo):
    out, err = StringIO(), StringIO()
    call_command("export_directory", stdout=out, stderr=err)
    data = json.loads(out.getvalue())
    assert (data["format"], data["version"]) == (backup.FORMAT, backup.VERSION)
    assert data["locales"] == ["ar", "en", "es", "ht", "pt", "tl", "vi", "zh-hans"]  # the eight
    assert len(data["listings"]) == Listing.objects.count() == data["counts"]["listings"]
    assert {r["locale"] for r in data["listings"]} == {code for code, _ in settings.LANGUAGES}
    assert set(data["taxonomies"]) == set(backup.VOCABULARIES)
    # The summary keeps out of the JSON.
    assert f"Exported {Listing.objects.count()} listings" in err.getvalue()
