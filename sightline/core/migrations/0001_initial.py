import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# Demo databases loaded before the markers existed: the loader has always made exactly this partnership (slug
# "demo", local authority code 999, which no real authority has) and its accounts at demo.sightline.test, a
# reserved .test domain (RFC 2606) that no real address can use.
DEMO_SLUG, DEMO_LA_CODE, DEMO_EMAIL_DOMAIN = "demo", "999", "@demo.sightline.test"


def mark_existing_demo(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    DemoPartnership = apps.get_model("core", "DemoPartnership")
    DemoAccount = apps.get_model("core", "DemoAccount")
    for partnership in Partnership.objects.filter(slug=DEMO_SLUG, la_code=DEMO_LA_CODE):
        DemoPartnership.objects.get_or_create(partnership=partnership)
    for user in User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN):
        DemoAccount.objects.get_or_create(user=user)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("partnerships", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DemoAccount",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="DemoPartnership",
            fields=[
                (
                    "partnership",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="partnerships.partnership",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="FormToken",
            fields=[
                ("token", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("claimed_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("used_at", models.DateTimeField(blank=True, null=True)),
                ("location", models.CharField(blank=True, max_length=500)),
            ],
        ),
        migrations.RunPython(mark_existing_demo, migrations.RunPython.noop),
    ]
