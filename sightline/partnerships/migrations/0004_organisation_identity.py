"""Organisation rows gain the identity that links each partnership's row for the same real organisation
(ADR 0010), and a URN is no longer unique across the installation: each partnership holds its own row."""

import uuid

from django.db import migrations, models


def give_identities(apps, schema_editor):
    Organisation = apps.get_model("partnerships", "Organisation")
    for pk in Organisation.objects.filter(identity__isnull=True).values_list("pk", flat=True).iterator():
        Organisation.objects.filter(pk=pk).update(identity=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0003_organisation_version")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="identity",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_identities, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="identity",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="urn",
            field=models.PositiveIntegerField(blank=True, db_index=True, null=True, verbose_name="URN"),
        ),
    ]
