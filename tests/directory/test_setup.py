"""What migrate sets up: locales, taxonomies, roles and the Vetting workflow."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Locale, Page, Workflow, WorkflowContentType

from directory import setup
from directory.models import (
    KIND_MODELS,
    Country,
    County,
    FundType,
    Industry,
    Language,
    PublicVersion,
    State,
    Topic,
)
from tests.factories import editor, vetter

pytestmark = pytest.mark.django_db


WORKER_LANGUAGES = ["en", "es", "ht", "pt", "zh-hans", "vi", "tl", "ar"]


def test_the_eight_worker_languages_have_locales():
    assert set(Locale.objects.values_list("language_code", flat=True)) >= set(WORKER_LANGUAGES)


@pytest.mark.parametrize("model", [Topic, FundType, Industry], ids=lambda m: m.__name__)
@pytest.mark.parametrize("language", WORKER_LANGUAGES[1:])
def test_every_hand_written_term_is_titled_in_every_worker_language(model, language):
    english, titles = model.objects.titles_in("en"), model.objects.titles_in(language)
    untranslated = {token for token, title in titles.items() if title == english[token]}
    # Only names that are the same in every language (DACA, a Tagalog loanword) stay English.
    assert untranslated <= {"daca", "u-visa", "t-visa", "car-wash"}, untranslated
    assert len(titles) == len(english)


@pytest.mark.parametrize(
    "language, haitian, mexico",
    [
        ("es", "Criollo haitiano", "México"),
        ("pt", "Haitiano", "México"),
        ("zh-hans", "海地克里奥尔语", "墨西哥"),
        ("vi", "Tiếng Haiti", "Mexico"),
        ("ar", "الكريولية الهايتية", "المكسيك"),
        ("ht", "Kreyòl ayisyen", "Meksik"),  # CLDR has none: language_names_ht.py
    ],
)
def test_languages_and_countries_are_named_in_the_readers_language_by_cldr(
    language, haitian, mexico
):
    assert Language.objects.titles_in(language)["hat"] == haitian
    assert Country.objects.titles_in(language)["MX"] == mexico


def test_indigenous_languages_are_in_the_vocabulary_by_iso_639_3():
    english, spanish = Language.objects.titles_in("en"), Language.objects.titles_in("es")
    for token, name in {
        "mam": "Mam",
        "quc": "K'iche'",
        "kjb": "Q'anjob'al",
        "knj": "Akateko",
        "cac": "Chuj",
        "ixl": "Ixil",
        "jac": "Popti' (Jakaltek)",
        "tzo": "Tzotzil",
        "zap": "Zapotec",
        "trc": "Triqui (Copala)",
        "mix": "Mixtec (Mixtepec)",
        "ngu": "Nahuatl (Guerrero)",
        "cab": "Garifuna",
    }.items():
        assert english[token] == name
    # The speakers' names, not CLDR's colonial "quiché".
    assert spanish["quc"] == "K'iche'"
    assert spanish["tzo"] == "Tsotsil"
    assert Language.objects.titles_in("ar")["mam"] == "Mam"  # a proper name: the default title


def test_taxonomies_are_seeded_with_spanish_titles():
    assert Topic.objects.titles_in("es")["u-visa"] == "Visa U"
    assert Language.objects.titles_in("es")["spa"] == "Español"
    assert Language.objects.titles_in("es")["mam"] == "Mam"  # falls back to the default title
    assert State.objects.titles_in("es")["NY"] == "Nueva York"
    assert State.objects.titles_in("en")["NY"] == "New York"
    assert County.objects.get(fips="34013").name == "Essex County"
    assert County.objects.count() > 3200


@pytest.mark.parametrize("model", list(KIND_MODELS.values()), ids=lambda m: m.__name__)
def test_only_vetters_can_publish(model):
    name = model._meta.model_name
    assert not editor().has_perm(f"directory.publish_{name}")
    assert editor().has_perm(f"directory.change_{name}")
    assert vetter().has_perm(f"directory.publish_{name}")


def test_vetting_workflow_covers_every_kind():
    workflow = Workflow.objects.get(name="Vetting")
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [Group.objects.get(name=setup.VETTERS)]
    for model in KIND_MODELS.values():
        assert model.get_default_workflow() == workflow
    assert WorkflowContentType.objects.filter(workflow=workflow).count() == 5


def test_vetters_approve_pages_in_the_workflow_the_admin_uses_for_them():
    """Wagtail's Moderators approval on the page tree: Vetters join its task, Moderators stay."""
    workflow = Page.get_first_root_node().get_workflow()
    task = workflow.tasks.get().specific
    assert set(task.groups.values_list("name", flat=True)) == {"Moderators", setup.VETTERS}
    setup.ensure_page_moderation(Group.objects.get(name=setup.VETTERS))
    assert task.groups.count() == 2
    page = Page.get_first_root_node().add_child(instance=Page(title="Example", slug="example"))
    assert [name for name, *_rest in task.get_actions(page, vetter())] == [
        "reject",
        "approve",
        "approve",
    ]
    assert task.get_actions(page, editor()) == []


def test_setup_is_idempotent():
    before = (Topic.objects.count(), Group.objects.get(name="Vetters").permissions.count())
    call_command("setup_directory", verbosity=0)
    after = (Topic.objects.count(), Group.objects.get(name="Vetters").permissions.count())
    assert after == before


def test_terms_seeded_anew_move_the_public_version_and_its_terms_stamp(
    django_capture_on_commit_callbacks,
):
    """What setup writes in bulk sends no signal: a term it seeds again (a release's new term)
    moves the version, so kept titles and answers are not served without it; a run that seeds
    nothing moves nothing."""
    Topic.objects.filter(token="u-visa", locale__language_code="ht").delete()
    before = PublicVersion.current()
    with django_capture_on_commit_callbacks(execute=True):
        setup.run(verbosity=0)
    seeded = PublicVersion.current()
    assert Topic.objects.filter(token="u-visa", locale__language_code="ht").exists()
    assert (seeded.counter, seeded.stamp) != (before.counter, before.stamp)
    assert seeded.terms != before.terms
    with django_capture_on_commit_callbacks(execute=True):
        setup.run(verbosity=0)
    assert PublicVersion.current() == seeded
