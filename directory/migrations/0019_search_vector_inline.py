"""The search document's tsvector kept in the row, its texts out of it (PostgreSQL only).

A search tests the tsvector of every candidate row. PostgreSQL had moved it (about 3.5 kB: the
terms' titles in every catalog language) to the TOAST table and kept the four texts (which only
SQLite searches, and the vector is made from) in the row, so each test fetched the vector from
TOAST. With the vector's storage MAIN (kept in the row, compressed if need be) and the texts'
EXTERNAL (moved out first), a row test reads one page. At 100,000 listings (EXPLAIN ANALYZE,
two runs each): the count of "legal" + NY + Spanish speakers, 5,600 candidates, went from
151-229 to 79-122 ms; its ranked page from 199-220 to 79-130 ms; "legal" alone, ranked, from
834-839 to 511-522 ms.

The new storage applies to rows written from now on; VACUUM FULL rewrites the existing ones
under it (and compacts the table; it locks the table while it runs, about 20 s at 100,000
listings), hence a migration outside a transaction."""

from django.db import migrations

COLUMNS = ("title", "terms", "body", "words")


def set_storage(schema_editor, texts: str, vector: str) -> None:
    columns = [f"ALTER COLUMN {column} SET STORAGE {texts}" for column in COLUMNS]
    columns.append(f"ALTER COLUMN vector SET STORAGE {vector}")
    schema_editor.execute(f"ALTER TABLE directory_searchdocument {', '.join(columns)}")


def inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        set_storage(schema_editor, texts="EXTERNAL", vector="MAIN")
        schema_editor.execute("VACUUM FULL ANALYZE directory_searchdocument")


def toasted(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        set_storage(schema_editor, texts="EXTENDED", vector="EXTENDED")


class Migration(migrations.Migration):
    atomic = False  # VACUUM runs outside a transaction
    dependencies = [
        ("directory", "0018_place_indexes"),
    ]

    operations = [migrations.RunPython(inline, toasted, atomic=False)]
