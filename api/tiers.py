"""Who is asking: the API's visibility tiers (API.md). The public tier sees public listings only;
the editor tier, a user logged in to the admin with the directory's view permission, also sees
the unpublished rows (drafts, listings in vetting, overdue or inactive ones) of the kinds they
may view, with vetting data. Editor answers are private and never cached. The partner tier, a
request with a partner-tier API key (partners/), sees the public listings plus partner-only
fields; its answers are private too.

One tier, one version: wherever the editor tier shows a listing with unpublished changes (the
detail, @search, the kind folders), it shows its latest draft (``drafts``), never the live row
in one place and the draft in another."""

from functools import partial

from wagtail.models import Locale, Revision

from directory.models import KIND_MODELS
from partners.models import request_key


def unpublished_kinds(user) -> frozenset[str]:
    """The listing kinds whose unpublished rows ``user`` may see through the API: none for the
    public, the kinds they may view in the admin for an editor."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    if not user.has_perm("wagtailadmin.access_admin"):
        return frozenset()
    return frozenset(
        kind
        for kind, model in KIND_MODELS.items()
        if user.has_perm(f"directory.view_{model._meta.model_name}")
        or user.has_perm(f"directory.change_{model._meta.model_name}")
    )


def is_partner(request) -> bool:
    """The partner tier: a request authenticated by an active partner-tier key
    (partners/authentication.py). It sees partner-only fields, e.g. a consulate's liaison."""
    key = request_key(request)
    return key is not None and key.is_partner


def drafts(listings: list) -> list:
    """The listings as the editor tier sees them: each one with unpublished changes as its
    latest draft, with the row's review state, vetting stamp and query annotations (distance,
    rank...). A fixed number of queries, however many drafts."""
    wanted = [row.latest_revision_id for row in listings if has_draft(row)]
    if not wanted:
        return listings
    revisions = Revision.objects.in_bulk(wanted)
    locales = Locale.objects.in_bulk()
    shown = []
    for row in listings:
        revision = revisions.get(row.latest_revision_id) if has_draft(row) else None
        if revision is None:
            shown.append(row)
            continue
        row.latest_revision, row.locale = revision, locales[row.locale_id]  # read, not queried
        shown.append(draft_of(row, revision.content))
    return shown


def has_draft(listing) -> bool:
    return bool(listing.has_unpublished_changes and listing.latest_revision_id)


def draft_of(row, content: dict):
    """Wagtail's ``with_content_json`` (what it keeps of the row), but the foreign keys the
    draft shares with the row are taken from it rather than each checked with a query."""
    model = type(row)
    row.from_serializable_data = partial(model.from_serializable_data, check_fks=False)
    try:
        draft = row.with_content_json(content)
    finally:
        del row.from_serializable_data
    for field in model._meta.concrete_fields:
        if not field.many_to_one:
            continue
        value = getattr(draft, field.attname)
        if value == getattr(row, field.attname):
            if field.is_cached(row):
                field.set_cached_value(draft, field.get_cached_value(row))
        elif value is not None:
            # What the check did: a draft pointing at a row deleted since reads as empty.
            exists = field.remote_field.model._default_manager.filter(pk=value).exists()
            if not exists:
                setattr(draft, field.attname, None)
    fields = {f.attname for f in model._meta.concrete_fields}
    for name, value in vars(row).items():
        if not name.startswith("_") and name not in fields:
            setattr(draft, name, value)  # open_workflows, annotations
    draft.verified_by = row.verified_by if row.verified_by_id else None
    return draft
