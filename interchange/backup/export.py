"""Writing a backup: the locales, every term, every listing row, then every section."""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Max, Min
from django.utils import timezone
from wagtail.models import Locale, Revision, WorkflowState

from directory.models import Country, Listing
from interchange.backup.document import (
    CHILDREN,
    FORMAT,
    LISTING_TERMS,
    TERM_EXTRA_FIELDS,
    VERSION,
    VOCABULARIES,
    json_value,
    plain_fields,
)
from interchange.backup.sections import sections


@dataclass
class ExportContext:
    """What a section needs to write references the way the file does: users by username,
    listings by translation_key and locale (primary keys change on import)."""

    usernames: dict[int, str]
    listings: dict[int, tuple[str, str]]

    def username(self, pk: int | None) -> str | None:
        return self.usernames.get(pk) if pk else None

    def listing(self, pk: int | None) -> dict | None:
        if pk not in self.listings:
            return None
        key, locale = self.listings[pk]
        return {"translation_key": key, "locale": locale}

    value = staticmethod(json_value)


# Export ---------------------------------------------------------------------------------------


def export_data(log: Callable[[str], None] = lambda message: None) -> dict:
    """The whole directory as one JSON-ready dict."""
    locales = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    tokens = {
        model: dict(model.objects.values_list("pk", "token")) for model in VOCABULARIES.values()
    }
    listing_type = ContentType.objects.get_for_model(Listing)
    revision_dates = {
        row["object_id"]: (row["first"], row["last"])
        for row in Revision.objects.filter(base_content_type=listing_type)
        .values("object_id")
        .annotate(first=Min("created_at"), last=Max("created_at"))
        .order_by()
    }
    workflows = {
        state.object_id: state
        for state in WorkflowState.objects.filter(
            base_content_type=listing_type, status=WorkflowState.STATUS_IN_PROGRESS
        ).select_related("workflow", "requested_by", "current_task_state__task")
    }
    usernames = dict(get_user_model().objects.values_list("pk", get_user_model().USERNAME_FIELD))
    queryset = (
        Listing.objects.order_by("pk")
        .annotate(live_revision_created=models.F("live_revision__created_at"))
        .prefetch_related("phones", "bar_admissions", "service_counties", *LISTING_TERMS)
    )
    listings = []
    total = queryset.count()
    for number, listing in enumerate(queryset.iterator(chunk_size=500), 1):
        first, last = revision_dates.get(str(listing.pk), (None, None))
        record = {
            "kind": listing.kind,
            "translation_key": str(listing.translation_key),
            "locale": locales[listing.locale_id],
            "slug": listing.slug,
            "name": listing.name,
            "status": listing.status,
            "live": listing.live,
            "has_unpublished_changes": listing.has_unpublished_changes,
            "first_published_at": json_value(listing.first_published_at),
            "last_published_at": json_value(listing.last_published_at),
            "go_live_at": json_value(listing.go_live_at),
            "expire_at": json_value(listing.expire_at),
            "expired": listing.expired,
            "created": json_value(first),
            "modified": json_value(last),
            "live_revision_created": json_value(listing.live_revision_created),
            "last_verified": json_value(listing.last_verified),
            "verified_by": usernames.get(listing.verified_by_id),
            "fields": listing_fields(listing, tokens),
            "draft": None,
            "workflow": None,
        }
        if listing.has_unpublished_changes and listing.latest_revision_id:
            revision = Revision.objects.get(pk=listing.latest_revision_id)
            draft = revision.as_object()
            fields = listing_fields(draft, tokens)
            if fields != record["fields"] or not listing.live:
                record["draft"] = {
                    "created_at": json_value(revision.created_at),
                    "user": usernames.get(revision.user_id),
                    "fields": fields,
                }
        state = workflows.get(str(listing.pk))
        if state is not None:
            task_state = state.current_task_state
            record["workflow"] = {
                "workflow": state.workflow.name,
                "task": task_state.task.name if task_state else None,
                "status": state.status,
                "requested_by": usernames.get(state.requested_by_id),
                "created_at": json_value(state.created_at),
            }
        listings.append(record)
        if number % 500 == 0:
            log(f"  exported {number}/{total} listings")
    context = ExportContext(
        usernames,
        {
            pk: (str(key), locales[locale])
            for pk, key, locale in Listing.objects.values_list("pk", "translation_key", "locale_id")
        },
    )
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "default_locale": Locale.get_default().language_code,
        "locales": sorted(locales.values()),
        "counts": {
            "listings": len(listings),
            "terms": sum(model.objects.count() for model in VOCABULARIES.values()),
        },
        "taxonomies": {name: export_terms(model, locales) for name, model in VOCABULARIES.items()},
        "listings": listings,
    }
    for section in sections():
        data[section.name] = section.export(context)
        data["counts"][section.name] = len(data[section.name])
    return data


def export_terms(model, locales: dict[int, str]) -> list[dict]:
    """One entry per term (translation_key): its canonical token and each locale's row."""
    default = Locale.get_default().pk
    extra = TERM_EXTRA_FIELDS.get(model, ())
    groups: dict[uuid.UUID, dict] = {}
    for term in model.objects.order_by("sort_order", "token", "locale_id"):
        group = groups.setdefault(
            term.translation_key, {"translation_key": str(term.translation_key), "rows": {}}
        )
        if term.locale_id == default or "token" not in group:
            group["token"] = term.token
        group["rows"][locales[term.locale_id]] = {
            "token": term.token,
            "title": term.title,
            "sort_order": term.sort_order,
            **{name: getattr(term, name) for name in extra},
        }
    return [
        {"token": g["token"], "translation_key": g["translation_key"], "rows": g["rows"]}
        for g in groups.values()
    ]


def listing_fields(listing: Listing, tokens: dict) -> dict:
    """A listing's content, as a revision holds it, with terms as tokens and counties as FIPS.
    Works for rows (prefetched) and for revisions' in-memory objects alike."""
    data = {f.name: json_value(f.value_from_object(listing)) for f in plain_fields()}
    data["county"] = listing.county_id
    data["country"] = tokens[Country].get(listing.country_id) if listing.country_id else None
    for name, vocabulary in LISTING_TERMS.items():
        model = VOCABULARIES[vocabulary]
        values = [tokens[model].get(term.pk) for term in getattr(listing, name).all()]
        data[name] = [token for token in values if token]
    data["service_counties"] = sorted(county.pk for county in listing.service_counties.all())
    for relation, (_model, names) in CHILDREN.items():
        children = sorted(
            getattr(listing, relation).all(), key=lambda c: (c.sort_order is None, c.sort_order)
        )
        data[relation] = [
            {name: json_value(getattr(child, name)) for name in names} for child in children
        ]
    return data


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
