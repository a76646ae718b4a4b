"""The search document's term id arrays (PostgreSQL only), filled from the link tables for the
documents written before them; documents.refresh keeps them from now on.

Their storage is MAIN, as the vector's (migration 0019): a row holding the vector stays over
PostgreSQL's 2 kB TOAST threshold, so arrays of the default EXTENDED storage went to the TOAST
table, and counting a broad word's term facets read four TOAST pages a match ("legal": 72,738
matches, 270 ms a facet). The fill rewrites every row, so VACUUM FULL compacts the table after
it (as 0019 did; about 20 s at 100,000 listings), hence a migration outside a transaction.
"""

from django.db import migrations, models

import directory.models.document

LINKS = {
    "topic_ids": ("directory_listing_topics", "topic_id"),
    "language_ids": ("directory_listing_languages", "language_id"),
    "fund_type_ids": ("directory_listing_fund_types", "fundtype_id"),
}


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    columns = ", ".join(
        f"{column} = ARRAY(SELECT link.{term} FROM {table} link "
        f"WHERE link.listing_id = document.listing_id ORDER BY link.{term})"
        for column, (table, term) in LINKS.items()
    )
    storage = ", ".join(f"ALTER COLUMN {column} SET STORAGE MAIN" for column in LINKS)
    schema_editor.execute(f"ALTER TABLE directory_searchdocument {storage}")
    schema_editor.execute(f"UPDATE directory_searchdocument document SET {columns}")
    schema_editor.execute("VACUUM FULL ANALYZE directory_searchdocument")


class Migration(migrations.Migration):
    atomic = False  # VACUUM runs outside a transaction

    dependencies = [
        ('directory', '0021_listing_place_row'),
    ]

    operations = [
        migrations.AddField(
            model_name='searchdocument',
            name='fund_type_ids',
            field=directory.models.document.TermIds(base_field=models.IntegerField(), editable=False, null=True, size=None),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='language_ids',
            field=directory.models.document.TermIds(base_field=models.IntegerField(), editable=False, null=True, size=None),
        ),
        migrations.AddField(
            model_name='searchdocument',
            name='topic_ids',
            field=directory.models.document.TermIds(base_field=models.IntegerField(), editable=False, null=True, size=None),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, atomic=False),
    ]
