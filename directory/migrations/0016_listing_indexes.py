from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0015_public_until"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="listing",
            index=models.Index(fields=["name", "id"], name="listing_name"),
        ),
        migrations.AddIndex(
            model_name="listing",
            index=models.Index(
                fields=["locale", "public_until"],
                include=["translation_key", "id"],
                name="listing_public",
            ),
        ),
    ]
