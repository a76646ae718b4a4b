"""The description becomes a CleanRichTextField (directory/cleaning.py), and descriptions already
stored are cleaned once: an import before this change kept any HTML a file held."""

from django.db import migrations

import directory.cleaning

# The description's features when this migration was written (a migration must not follow
# later edits of the model).
FEATURES = ["bold", "italic", "link", "ol", "ul"]


def clean_descriptions(apps, schema_editor):
    Listing = apps.get_model("directory", "Listing")
    # (A lookup's value is cleaned too, so no filter on "<": every description is read.)
    rows = Listing.objects.exclude(description="").values_list("pk", "description")
    for pk, description in rows.iterator():
        cleaned = directory.cleaning.clean_rich_text(description, FEATURES)
        if cleaned != description:
            # The historical field cleans again to its (wider) default features on the way
            # in, which leaves this value as it is.
            Listing.objects.filter(pk=pk).update(description=cleaned)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0010_import_jobs"),
    ]

    operations = [
        migrations.AlterField(
            model_name="listing",
            name="description",
            field=directory.cleaning.CleanRichTextField(blank=True, verbose_name="description"),
        ),
        migrations.RunPython(clean_descriptions, migrations.RunPython.noop, elidable=True),
    ]
