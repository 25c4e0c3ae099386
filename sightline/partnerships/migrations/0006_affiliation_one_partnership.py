"""One partnership per organisation row (ADR 0010), now that shared rows are split."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0005_register_per_partnership")]

    operations = [
        migrations.AddConstraint(
            model_name="affiliation",
            constraint=models.UniqueConstraint(fields=("organisation",), name="affiliation_one_partnership"),
        ),
    ]
