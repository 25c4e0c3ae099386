"""Each partnership holds its own row for an organisation (ADR 0010).

An organisation that several partnerships held as one shared row is split: the partnership that added it first
keeps the row, every other partnership gets a copy with the same `identity`, and every record of that partnership
that named the organisation (returns and cycle audiences, activities and their participants, cases and case
audits, action plans and actions, invitations, an academy's trust) is moved to its copy. A person's role at the
organisation goes to the row of the partnership that granted it; from now on a role granted by one partnership
reaches that partnership's row only."""

from django.db import migrations, models

# (app, model, field, path from that model to the partnership whose record it is)
FOREIGN_KEYS = [
    ("accounts", "Invitation", "organisation", "partnership"),
    ("assessments", "Submission", "organisation", "cycle__partnership"),
    ("assurance", "Activity", "organisation", "partnership"),
    ("assurance", "Participant", "organisation", "activity__partnership"),
    ("casework", "CaseAudit", "organisation", "case__partnership"),
    ("improvement", "ActionPlan", "owner_organisation", "partnership"),
    ("improvement", "Action", "owner_organisation", "plan__partnership"),
]
# (app, model, many-to-many field, path from that model to its partnership)
MANY_TO_MANY = [
    ("assessments", "Cycle", "audience_organisations", "partnership"),
    ("assurance", "Activity", "involved_agencies", "partnership"),
    ("casework", "Case", "agencies", "partnership"),
]
COPIED_FIELDS = [
    "name",
    "type",
    "statutory_partner",
    "section11_duty",
    "urn",
    "ukprn",
    "ofsted_urn",
    "ods_code",
    "postcode",
    "phase",
    "status",
    "lead_name",
    "lead_email",
    "created_at",
    "updated_at",
    "identity",
]


def split_shared_rows(apps, schema_editor):
    Organisation = apps.get_model("partnerships", "Organisation")
    Affiliation = apps.get_model("partnerships", "Affiliation")
    shared = (
        Affiliation.objects.values("organisation_id")
        .annotate(holders=models.Count("id"))
        .filter(holders__gt=1)
        .values_list("organisation_id", flat=True)
    )
    copies = {}  # (original id, partnership id) -> copy
    for original in Organisation.objects.filter(pk__in=list(shared)):
        affiliations = list(Affiliation.objects.filter(organisation=original).order_by("added_at", "id"))
        rows = {affiliations[0].partnership_id: original}
        for affiliation in affiliations[1:]:
            copy = Organisation.objects.create(
                **{name: getattr(original, name) for name in COPIED_FIELDS}, version=1
            )
            copies[(original.pk, affiliation.partnership_id)] = copy
            rows[affiliation.partnership_id] = copy
            affiliation.organisation = copy
            affiliation.save(update_fields=["organisation"])
            _move_records(apps, original, copy, affiliation.partnership_id)
        _place_roles(apps, original, rows)
    _keep_trusts_in_register(apps, copies)


def _place_roles(apps, original, rows):
    """A role stays with the partnership that granted it, where an accepted invitation says which; a role with
    no invitation behind it (set up by the operator or a loader) is kept in every partnership's row."""
    Membership = apps.get_model("partnerships", "OrganisationMembership")
    Invitation = apps.get_model("accounts", "Invitation")
    for membership in Membership.objects.filter(organisation=original).select_related("user"):
        granted_by = set(
            Invitation.objects.filter(
                email__iexact=membership.user.email,
                organisation__in=list(rows.values()),
                role=membership.role,
                accepted_at__isnull=False,
            ).values_list("partnership_id", flat=True)
        ) or set(rows)
        for partnership_id, row in rows.items():
            if partnership_id in granted_by and row.pk != original.pk:
                Membership.objects.create(
                    user_id=membership.user_id,
                    organisation=row,
                    role=membership.role,
                    title=membership.title,
                    created_at=membership.created_at,
                )
        if not any(rows[pk].pk == original.pk for pk in granted_by):
            membership.delete()


def _move_records(apps, original, copy, partnership_id):
    for app, model_name, field, path in FOREIGN_KEYS:
        model = apps.get_model(app, model_name)
        model.objects.filter(**{field: original, path: partnership_id}).update(**{field: copy})
    for app, model_name, field, path in MANY_TO_MANY:
        through = apps.get_model(app, model_name)._meta.get_field(field).remote_field.through
        owner = through._meta.get_field(model_name.lower()).name
        rows = through.objects.filter(organisation=original, **{f"{owner}__{path}": partnership_id})
        rows.update(organisation=copy)


def _keep_trusts_in_register(apps, copies):
    """An academy names the trust of its own partnership's register, or none."""
    Organisation = apps.get_model("partnerships", "Organisation")
    Affiliation = apps.get_model("partnerships", "Affiliation")
    home = dict(Affiliation.objects.values_list("organisation_id", "partnership_id"))
    for academy in Organisation.objects.filter(parent__isnull=False).only("id", "parent_id"):
        partnership_id = home.get(academy.pk)
        if home.get(academy.parent_id) == partnership_id:
            continue
        trust = copies.get((academy.parent_id, partnership_id))
        academy.parent_id = trust.pk if trust is not None else None
        academy.save(update_fields=["parent"])


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0004_organisation_identity"),
        ("accounts", "0002_initial"),
        ("assessments", "0009_held_emails"),
        ("assurance", "0002_activities_end_to_end"),
        ("casework", "0001_initial"),
        ("improvement", "0002_learning_briefings"),
    ]

    operations = [migrations.RunPython(split_shared_rows, migrations.RunPython.noop)]
