"""A (term, listing) index on the link tables the search filters by (languages, topics, fund
types): a term filter is an EXISTS on its link table (ListingSearchMixin.related_to_terms), which
PostgreSQL answers from this index alone, reading only the links of the terms asked for. The link
tables are Django's own (auto-created) through tables, so the indexes are SQL of their own; both
PostgreSQL and SQLite accept it. Their (listing, term) unique index already serves the other
direction (a listing's terms, the facets)."""

from django.db import migrations

LINKS = [
    ("directory_listing_languages", "language_id", "listing_languages_term"),
    ("directory_listing_topics", "topic_id", "listing_topics_term"),
    ("directory_listing_fund_types", "fundtype_id", "listing_fund_types_term"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0016_listing_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON {table} ({column}, listing_id)",
            reverse_sql=f"DROP INDEX {name}",
        )
        for table, column, name in LINKS
    ]
