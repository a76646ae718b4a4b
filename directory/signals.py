"""Keep PublicVersion moving: anything saved or deleted that a public answer may show, and a
vetter's stamp (written with update(), so announced by the listing's own ``verified`` signal)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from wagtail.models import BaseViewRestriction, Locale, Page

from directory.models import County, Listing, Phone, PublicVersion, Term
from directory.models.listing import verified


def _bump(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Listing | Term | Page | Phone | County | Locale | BaseViewRestriction):
        # Term titles change only with a term (or a locale); a listing's publish keeps them.
        PublicVersion.bump(terms=isinstance(instance, Term | Locale))


def _refresh_documents(sender, instance=None, **kwargs) -> None:
    """A term's titles (each locale's row) are in the documents of the listings carrying it;
    after a delete, of those that carried it (``_before_delete``: the delete took the links)."""
    if isinstance(instance, Term):
        from directory import documents

        documents.refresh_for_term(instance, instance.__dict__.pop("_document_listings", None))


def _before_delete(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Term):
        from directory import documents

        instance._document_listings = documents.listings_for_term(instance)


def connect() -> None:
    from directory.models.search import forget_locale_ids

    for signal in (post_save, post_delete):
        signal.connect(forget_locale_ids, sender=Locale, dispatch_uid=f"locale-ids-{signal}")
    for signal in (post_save, post_delete):
        signal.connect(_bump, dispatch_uid=f"public-version-{signal}")
    for signal in (post_save, post_delete):
        signal.connect(_refresh_documents, dispatch_uid=f"search-documents-{signal}")
    pre_delete.connect(_before_delete, dispatch_uid="search-documents-pre-delete")
    m2m_changed.connect(_bump, dispatch_uid="public-version-m2m")
    verified.connect(_bump, dispatch_uid="public-version-verified")
