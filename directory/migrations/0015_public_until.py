"""Public-ness on the row: ``public_until`` (models/queryset.py), filled for existing rows under
the review intervals in force (``manage.py refresh_public_version`` recomputes it if they change)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from directory.models.queryset import public_until_expression

    Listing = apps.get_model("directory", "Listing")
    Listing.objects.using(schema_editor.connection.alias).update(
        public_until=public_until_expression()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0014_interpretation_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="listing",
            name="public_until",
            field=models.DateTimeField(blank=True, db_index=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
