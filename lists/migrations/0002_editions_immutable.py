"""Editions are history: the database itself refuses to change or delete a published edition or
its entries (the models and their querysets refuse first, with a clearer error). SQLite and
PostgreSQL; other databases rely on the models."""

from django.db import migrations

TABLES = ("lists_edition", "lists_editionentry")


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for event in ("UPDATE", "DELETE"):
            name = f"{table}_no_{event.lower()}"
            if vendor == "sqlite":
                schema_editor.execute(
                    f"CREATE TRIGGER {name} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'published editions cannot be changed'); END"
                )
            elif vendor == "postgresql":
                schema_editor.execute(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
                    f"RAISE EXCEPTION 'published editions cannot be changed'; END $$ "
                    f"LANGUAGE plpgsql"
                )
                schema_editor.execute(
                    f"CREATE TRIGGER {name} BEFORE {event} ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {name}()"
                )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        for event in ("UPDATE", "DELETE"):
            name = f"{table}_no_{event.lower()}"
            if vendor == "sqlite":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
            elif vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")


class Migration(migrations.Migration):
    dependencies = [("lists", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
