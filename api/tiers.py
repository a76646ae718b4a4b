"""Who is asking: the API's visibility tiers (API.md). The public tier sees public listings only;
the editor tier, a user logged in to the admin with the directory's view permission, also sees
the unpublished rows (drafts, listings in vetting, overdue or inactive ones) of the kinds they
may view, with vetting data. Editor answers are private and never cached."""

from directory.models import KIND_MODELS


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
