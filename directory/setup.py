"""Bring a database to the state the directory needs, idempotently: a Wagtail locale per content
language, the seeded taxonomies, the Editors and Vetters groups with their permissions, and the
Vetting workflow on every listing kind.

It runs after every ``migrate`` (see apps.py) and as ``manage.py setup_directory``. It only adds
what is missing: titles editors changed and permissions an administrator granted are left alone.
"""

import gettext
import uuid
from collections.abc import Callable, Iterable

import pycountry
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowContentType,
    WorkflowTask,
)

from directory import documents, geography, seed, seed_titles
from directory.language_names import country_name, language_name
from directory.models import (
    KIND_MODELS,
    Country,
    County,
    FundType,
    Industry,
    Language,
    Listing,
    PublicVersion,
    State,
    Suggestion,
    Term,
    Topic,
)

EDITORS, VETTERS = "Editors", "Vetters"
VETTING_WORKFLOW, VETTING_TASK = "Vetting", "Vetter approval"
TAXONOMY_MODELS = (Topic, Language, Industry, FundType, Country, State)

# Django language codes -> pycountry's gettext catalog names.
PYCOUNTRY_LOCALES = {"zh-hans": "zh_CN", "pt": "pt_BR"}


def run(verbosity: int = 1, log: Callable[[str], None] = lambda message: None) -> None:
    with transaction.atomic():
        ensure_locales()
        created = ensure_taxonomies()
        if created:
            # Bulk writes send no signals: new terms (a release's, or a new language's titles)
            # are public answers (@vocabularies, facets), and kept titles and answers key on
            # the public version and its terms stamp.
            PublicVersion.bump()
        if verbosity and created:
            log(f"Seeded {created} taxonomy terms and counties.")
        ensure_roles()
        ensure_vetting_workflow()
        written = documents.refresh_missing()
        if verbosity and written:
            log(f"Wrote {written} missing search documents.")


def content_language_codes() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def ensure_locales() -> None:
    for code in content_language_codes():
        Locale.objects.get_or_create(language_code=code)


def _catalog(domain: str, language_code: str) -> Callable[[str], str] | None:
    if language_code == "en":
        return None
    name = PYCOUNTRY_LOCALES.get(language_code, language_code)
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[name]).gettext
    except OSError:
        return None


def _language_terms() -> Iterable[tuple[str, str, dict]]:
    """Each seeded language, named in every content language: the reviewed table, else CLDR."""
    for code in seed.LANGUAGES:
        language = pycountry.languages.get(alpha_3=code)
        if language is None:
            continue
        reviewed = seed.LANGUAGE_TITLES.get(code, {})
        titles = {
            reader: reviewed.get(reader) or language_name(code, reader, english=False)
            for reader in content_language_codes()
        }
        yield code, titles.get("en") or language.name, titles


def _country_terms() -> Iterable[tuple[str, str, dict]]:
    for country in pycountry.countries:
        titles = {
            reader: country_name(country.alpha_2, reader, english=False)
            for reader in content_language_codes()
        }
        english = getattr(country, "common_name", country.name)
        yield country.alpha_2, titles.get("en") or english, titles


def _titled(rows: Iterable[tuple[str, str, str]], others: dict) -> Iterable[tuple[str, str, dict]]:
    """(token, English, Spanish) rows with their other languages' titles from seed_titles."""
    for token, english, spanish in rows:
        yield token, english, {"es": spanish, **seed_titles.titles(others, token)}


def _seed_terms(
    model: type[Term],
    terms: Iterable[tuple[str, str, dict]],
    pycountry_domain: str | None = None,
    extra: Callable[[str], dict] = lambda token: {},
) -> int:
    """Create each missing (token, locale) row; translations share the default row's key."""
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    default = Locale.get_default()
    existing = {
        (token, locale_id): key
        for token, locale_id, key in model.objects.values_list(
            "token", "locale_id", "translation_key"
        )
    }
    catalogs = {
        code: _catalog(pycountry_domain, code) if pycountry_domain else None for code in locales
    }
    new = []
    for order, (token, title, known) in enumerate(terms):
        key = existing.get((token, default.pk)) or uuid.uuid4()
        for code, locale in locales.items():
            if (token, locale.pk) in existing:
                continue
            if locale == default:
                localized = title
            else:
                catalog = catalogs.get(code)
                localized = known.get(code) or (catalog(title) if catalog else None)
                if not localized or localized == title:
                    continue
            new.append(
                model(
                    token=token,
                    title=localized,
                    sort_order=order,
                    locale=locale,
                    translation_key=key,
                    **extra(token),
                )
            )
    model.objects.bulk_create(new)
    return len(new)


def ensure_taxonomies() -> int:
    topic_groups = {token: group for token, group, _en, _es in seed.TOPICS}
    states = geography.states_by_code()
    created = _seed_terms(
        Topic,
        _titled(((t, en, es) for t, _g, en, es in seed.TOPICS), seed_titles.TOPICS),
        extra=lambda token: {"group": topic_groups[token]},
    )
    created += _seed_terms(FundType, _titled(seed.FUND_TYPES, seed_titles.FUND_TYPES))
    created += _seed_terms(Industry, _titled(seed.INDUSTRIES, seed_titles.INDUSTRIES))
    created += _seed_terms(Language, _language_terms())
    created += _seed_terms(Country, _country_terms())
    created += _seed_terms(
        State,
        ((state.code, state.name, {}) for state in geography.states()),
        pycountry_domain="iso3166-2",
        extra=lambda token: {"fips": states[token].fips},
    )
    have = set(County.objects.values_list("fips", flat=True))
    counties = [
        County(fips=c.fips, state=c.state, name=c.name)
        for c in geography.counties()
        if c.fips not in have
    ]
    County.objects.bulk_create(counties)
    return created + len(counties)


def _permissions(models: Iterable[type], actions: Iterable[str]) -> list[Permission]:
    wanted = []
    for model in models:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        wanted += [(content_type.pk, f"{action}_{model._meta.model_name}") for action in actions]
    found = {
        (p.content_type_id, p.codename): p
        for p in Permission.objects.filter(
            content_type_id__in={ct for ct, _c in wanted}, codename__in={c for _ct, c in wanted}
        )
    }
    missing = [pair for pair in wanted if pair not in found]
    if missing:
        raise RuntimeError(f"Permissions missing (run migrate): {missing}")
    return [found[pair] for pair in wanted]


def ensure_roles() -> tuple[Group, Group]:
    """Editors draft, edit, translate and submit; Vetters also publish (approve), unlock and
    delete. Only Vetters hold publish: a user who can publish bypasses the workflow."""
    kinds = list(KIND_MODELS.values())
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    # wagtail-localize makes this permission in a data migration, not in post-migrate: a
    # database flush (the tests' transactional teardown) deletes it for good, so make it again.
    translate, _created = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_or_create(
            app_label="wagtail_localize", model="translation"
        )[0],
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    editor_perms = [
        access_admin,
        translate,
        *_permissions(kinds, ["add", "change", "view", "lock"]),
        *_permissions(TAXONOMY_MODELS, ["add", "change", "view"]),
        *_permissions([County], ["view"]),
        # The queue of suggestions from the public (see and act; they come only from the API).
        *_permissions([Suggestion], ["view", "change"]),
    ]
    vetter_perms = [*editor_perms, *_permissions(kinds, ["publish", "unlock", "delete"])]
    editors, _created = Group.objects.get_or_create(name=EDITORS)
    vetters, _created = Group.objects.get_or_create(name=VETTERS)
    editors.permissions.add(*editor_perms)
    vetters.permissions.add(*vetter_perms)
    ensure_page_permissions(
        vetters, ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
    )
    ensure_page_moderation(vetters)
    return editors, vetters


def ensure_page_permissions(group: Group, codenames: list[str]) -> None:
    """CMS pages: Wagtail's Editors group may already add and change pages (Wagtail's own
    migration gives it that on the tree's root, and no page lock); Vetters also publish, lock and
    unlock, as Wagtail's Moderators do, so they may delete live pages."""
    root = Page.get_first_root_node()
    if root is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def ensure_page_moderation(group: Group) -> None:
    """Vetters approve CMS pages as Wagtail's Moderators do: the group joins the approval tasks
    of the workflow the admin uses for the page tree (Wagtail's "Moderators approval" on the
    root, made by its migration), so the admin's Approve and Request changes, and the API's,
    are theirs too. A tree without a workflow is left so."""
    root = Page.get_first_root_node()
    workflow = root.get_workflow() if root is not None else None
    if workflow is None:
        return
    for task in GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow):
        task.groups.add(group)


def ensure_vetting_workflow() -> Workflow:
    vetters = Group.objects.get(name=VETTERS)
    task = GroupApprovalTask.objects.filter(name=VETTING_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=VETTING_TASK)
        task.groups.set([vetters])
    workflow, _created = Workflow.objects.get_or_create(name=VETTING_WORKFLOW)
    if not workflow.workflow_tasks.exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for model in [Listing, *KIND_MODELS.values()]:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        WorkflowContentType.objects.get_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )
    return workflow
