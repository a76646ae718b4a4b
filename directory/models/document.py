"""The search document of a listing: what a search box finds it by, in every catalog language.

One row per listing row (each translation is its own listing row, so one per listing and
language), written by directory/documents.py whenever the listing, its relations or its terms
change: never by a read. ``title``, ``terms`` and ``body`` are normalized text (lower case,
accents folded, one space between words, padded with a space at each end), which SQLite
searches word by word; on PostgreSQL ``vector`` holds the same text as a weighted tsvector
(title A, kind and terms B, text C) under a GIN index, and ``topic_ids``, ``language_ids`` and
``fund_type_ids`` the listing's links to those terms, so a text search's term facets count its
matches' arrays instead of joining them to the link tables (api/search.py, ``_count``).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from directory.models.listing import Listing


class TermIds(ArrayField):
    """An array of term ids on PostgreSQL; elsewhere a column always NULL, whatever the row
    holds (SQLite has no arrays, and PostgreSQL's placeholder casts to ``integer[]``), so the
    writers need not ask which database they write to."""

    def __init__(self, **kwargs):
        kwargs.setdefault("base_field", models.IntegerField())
        super().__init__(**kwargs)

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor != "postgresql":
            return None
        return super().get_db_prep_value(value, connection, prepared)

    def get_placeholder(self, value, compiler, connection):
        if connection.vendor != "postgresql":
            return "%s"
        return super().get_placeholder(value, compiler, connection)


class SearchDocument(models.Model):
    listing = models.OneToOneField(
        Listing, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    # The PostgreSQL text search configuration of the listing's own language (english,
    # spanish, else simple): its title and text are stemmed with it.
    config = models.CharField(max_length=20, default="simple")
    title = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # title, terms and body together: SQLite searches this, word by word.
    words = models.TextField(blank=True)
    # PostgreSQL only (a column SQLite keeps empty).
    vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL only, like the vector: the ids the link tables hold for the listing's
    # ``topics``, ``languages`` and ``fund_types`` (documents.LINKED), written with the vector.
    topic_ids = TermIds(null=True, editable=False)
    language_ids = TermIds(null=True, editable=False)
    fund_type_ids = TermIds(null=True, editable=False)

    class Meta:
        verbose_name = "search document"

    def __str__(self) -> str:
        return self.title.strip()
