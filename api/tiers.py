"""Who is asking: the API's visibility tiers (API.md). The public tier sees public listings only;
the editor tier, a user logged in to the admin with the directory's view permission, also sees
the unpublished rows (drafts, listings in vetting, overdue or inactive ones) of the kinds they
may view, with vetting data. Editor answers are private and never cached. The partner tier, a
request with a partner-tier API key (partners/), sees the public listings plus partner-only
fields; its answers are private too."""

from directory.models import KIND_MODELS
from partners.authentication import request_key


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
