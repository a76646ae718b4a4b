"""PostgreSQL only: an index on the expression Wagtail's database search backend matches,
``title || body`` of its index entries. The backend's query concatenates the two vectors, which
its own per-column GIN indexes cannot serve, so without this every text search reads every
entry. SQLite's FTS5 table needs nothing."""

from django.db import migrations

INDEX = "amparo_indexentry_text_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_place_search_indexes"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
