"""What migrate sets up: locales, taxonomies, roles and the Vetting workflow."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Locale, Workflow, WorkflowContentType

from directory import setup
from directory.models import KIND_MODELS, County, Language, State, Topic
from tests.factories import editor, vetter

pytestmark = pytest.mark.django_db


def test_content_languages_have_locales():
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"en", "es"}


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


def test_setup_is_idempotent():
    before = (Topic.objects.count(), Group.objects.get(name="Vetters").permissions.count())
    call_command("setup_directory", verbosity=0)
    after = (Topic.objects.count(), Group.objects.get(name="Vetters").permissions.count())
    assert after == before
