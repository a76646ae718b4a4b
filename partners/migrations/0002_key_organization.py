"""A key belongs to an organization of the lists app (a foreign key) instead of naming one in
free text. The free text is kept, renamed ``organization_name``; a key whose text is exactly the
name of one organization (ignoring case and surrounding spaces) is linked to it."""

import django.db.models.deletion
from django.db import migrations, models


def link_by_name(apps, schema_editor):
    PartnerKey = apps.get_model("partners", "PartnerKey")
    Organization = apps.get_model("lists", "Organization")
    for key in PartnerKey.objects.exclude(organization_name=""):
        found = list(Organization.objects.filter(name__iexact=key.organization_name.strip())[:2])
        if len(found) == 1:
            PartnerKey.objects.filter(pk=key.pk).update(organization=found[0])


def unlink(apps, schema_editor):
    pass  # organization_name still holds what was written


class Migration(migrations.Migration):
    dependencies = [
        ("lists", "0002_editions_immutable"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("partnerkey", "organization", "organization_name"),
        migrations.AlterField(
            model_name="partnerkey",
            name="organization_name",
            field=models.CharField(
                blank=True,
                help_text="The partner's name, when it is not one of the organizations above.",
                max_length=200,
                verbose_name="organization name",
            ),
        ),
        migrations.AddField(
            model_name="partnerkey",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                help_text="The organization that holds the key, if it is one of the directory's.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="partner_keys",
                to="lists.organization",
                verbose_name="organization",
            ),
        ),
        migrations.RunPython(link_by_name, unlink),
    ]
