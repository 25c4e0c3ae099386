import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Partnership(models.Model):
    """A safeguarding children partnership: the tenant every domain row belongs to."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    area = models.CharField(max_length=200, help_text="The local area the partnership covers")
    la_code = models.CharField("Local authority code", max_length=3, help_text="The three-digit DfE code")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    """A body of the partnership: its board, the safeguarding adults board, the learning group (SPLAD)…"""

    class Kind(models.TextChoices):
        BOARD = "board", "Children's partnership board"
        SAB = "sab", "Safeguarding adults board"
        LEARNING = "learning", "Practice learning and development group (SPLAD)"
        CSPR = "cspr", "Child safeguarding practice review group"
        OTHER = "other", "Other group"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="groups")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="group_name_unique")]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An agency, school, college, provider or setting, as one partnership's register records it.

    Each partnership holds its own row (ADR 0010): what it records (name, type, status, lead, contacts) and the
    roles it grants there never reach another partnership. Rows that stand for the same real organisation, found
    by its national identifiers (URN, ODS code, UKPRN), share an `identity`."""

    class Type(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        ICB = "icb", "Integrated care board"
        POLICE = "police", "Police"
        NHS_TRUST = "nhs_trust", "NHS trust"
        OTHER_HEALTH = "other_health", "Other health provider"
        SCHOOL = "school", "School"
        ACADEMY_TRUST = "academy_trust", "Academy trust"
        COLLEGE = "college", "College"
        ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
        EARLY_YEARS_GROUP = "early_years_group", "Early years group provider"
        CHILDMINDER = "childminder", "Childminder"
        VOLUNTARY = "voluntary", "Voluntary, community or faith organisation"
        PROBATION = "probation", "Probation service"
        YOUTH_JUSTICE = "youth_justice", "Youth justice service"
        OTHER = "other", "Other"

    class StatutoryPartner(models.TextChoices):
        NONE = "", "Not a statutory partner"
        LA = "la", "Local authority"
        ICB = "icb", "Integrated care board"
        POLICE = "police", "Police"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=250)
    type = models.CharField(max_length=30, choices=Type.choices)
    statutory_partner = models.CharField(
        max_length=10, choices=StatutoryPartner.choices, blank=True, default=""
    )
    section11_duty = models.BooleanField(
        "Section 11 duty applies",
        default=False,
        help_text="The organisation is under the duty of section 11 of the Children Act 2004",
    )
    urn = models.PositiveIntegerField("URN", null=True, blank=True, db_index=True)
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    ofsted_urn = models.CharField("Ofsted URN", max_length=12, blank=True)
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phase = models.CharField("Phase of education", max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="For an academy, the trust it belongs to",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    lead_name = models.CharField("Named safeguarding lead", max_length=200, blank=True)
    lead_email = models.EmailField("Safeguarding lead's email", blank=True)
    partnerships = models.ManyToManyField(Partnership, through="Affiliation", related_name="organisations")
    # The real organisation this row stands for: shared by every partnership's row with the same URN, ODS code or
    # UKPRN, so a return can be answered once for two partnerships (ADR 0007) and each holder hears of changes.
    identity = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by every saved edit, so a second editor working from an older copy is told, not overwritten.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["type", "status"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> str:
        return SECTOR_OF_TYPE.get(self.type, "Other")


SECTOR_OF_TYPE = {
    Organisation.Type.LOCAL_AUTHORITY: "Local authority",
    Organisation.Type.ICB: "Health",
    Organisation.Type.NHS_TRUST: "Health",
    Organisation.Type.OTHER_HEALTH: "Health",
    Organisation.Type.POLICE: "Police",
    Organisation.Type.SCHOOL: "Education",
    Organisation.Type.ACADEMY_TRUST: "Education",
    Organisation.Type.COLLEGE: "Education",
    Organisation.Type.ALTERNATIVE_PROVISION: "Education",
    Organisation.Type.EARLY_YEARS_GROUP: "Early years",
    Organisation.Type.CHILDMINDER: "Early years",
    Organisation.Type.VOLUNTARY: "Voluntary",
    Organisation.Type.PROBATION: "Justice",
    Organisation.Type.YOUTH_JUSTICE: "Justice",
}


class Affiliation(models.Model):
    """An organisation row's place in its partnership's register: one partnership per row (ADR 0010)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="affiliations")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="affiliation_unique"),
            models.UniqueConstraint(fields=["organisation"], name="affiliation_one_partnership"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"


class PartnershipMembership(models.Model):
    """A person's role across a whole partnership."""

    class Role(models.TextChoices):
        BUSINESS_TEAM = "business_team", "Business team"
        PARTNER_LA = "partner_la", "Delegated safeguarding partner (local authority)"
        PARTNER_ICB = "partner_icb", "Delegated safeguarding partner (integrated care board)"
        PARTNER_POLICE = "partner_police", "Delegated safeguarding partner (police)"
        ISO = "iso", "Independent scrutiny officer"
        LEARNING_CHAIR = "learning_chair", "Learning group (SPLAD) chair"
        LEARNING_MEMBER = "learning_member", "Learning group (SPLAD) member"
        BOARD_MEMBER = "board_member", "Board member"

    PARTNER_ROLES = (Role.PARTNER_LA, Role.PARTNER_ICB, Role.PARTNER_POLICE)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_roles"
    )
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership", "role"], name="partnership_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class OrganisationMembership(models.Model):
    """A person's role in one organisation."""

    class Role(models.TextChoices):
        LEAD = "lead", "Safeguarding lead"
        CONTRIBUTOR = "contributor", "Contributor"
        SIGNATORY = "signatory", "Signatory"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_roles"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    title = models.CharField(
        "Job title or office", max_length=120, blank=True, help_text="For example, Chair of governors"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="organisation_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


from .models_import import RegisterImport  # noqa: E402, F401  (the staging model lives in its own module)
from .models_priorities import Priority  # noqa: E402, F401
