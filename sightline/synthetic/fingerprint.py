"""What a generated database holds, in two forms: rows per table (printed after a run), and a fingerprint of the
content that does not depend on generated keys or today's date, so two runs with the same seed can be compared."""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum

from sightline.assessments.models import ActionArising, Answer, Cycle, Submission
from sightline.assurance.models import Activity, EndorsementRequest, Participant
from sightline.audit.models import AuditEvent
from sightline.casework.models import Case, CaseAudit, CaseAuditAnswer
from sightline.improvement.models import Action, ActionEvent, ActionPlan, Escalation, Review
from sightline.notifications.models import Notice
from sightline.partnerships.models import (
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipMembership,
)
from sightline.scrutiny.models import LedgerEntry

COUNTED = [
    Partnership,
    Organisation,
    get_user_model(),
    PartnershipMembership,
    OrganisationMembership,
    Cycle,
    Submission,
    Answer,
    ActionArising,
    ActionPlan,
    Action,
    ActionEvent,
    Escalation,
    Review,
    Activity,
    EndorsementRequest,
    Participant,
    Case,
    CaseAudit,
    CaseAuditAnswer,
    LedgerEntry,
    Notice,
    AuditEvent,
]


def counts_of() -> dict:
    return {model._meta.verbose_name_plural.capitalize(): model.objects.count() for model in COUNTED}


def fingerprint_of() -> str:
    content = {
        "organisations": list(
            Organisation.objects.order_by("name", "type").values_list(
                "name", "type", "statutory_partner", "parent__name"
            )
        ),
        "people": list(get_user_model().objects.order_by("email").values_list("email", "full_name")),
        "roles": sorted(
            PartnershipMembership.objects.values_list("user__email", "partnership__slug", "role")
        ),
        "organisation roles": sorted(
            OrganisationMembership.objects.values_list("user__email", "organisation__name", "role")
        ),
        "cycles": sorted(Cycle.objects.values_list("partnership__slug", "title", "status")),
        "returns": sorted(
            Submission.objects.values_list(
                "cycle__partnership__slug", "cycle__title", "organisation__name", "status"
            )
        ),
        "answers": sorted(
            Answer.objects.values_list("submission__cycle__partnership__slug", "submission__cycle__title")
            .annotate(n=Count("id"), score=Sum("score"), texts=Count("id", filter=~Q(text="")))
            .values_list(
                "submission__cycle__partnership__slug", "submission__cycle__title", "n", "score", "texts"
            )
        ),
        "actions arising": sorted(
            ActionArising.objects.values_list("submission__organisation__name", "what", "progress", "rag")
        ),
        "actions": sorted(
            Action.objects.values_list("plan__title", "number", "what", "status", "priority", "returns")
        ),
        "activities": sorted(Activity.objects.values_list("partnership__slug", "title", "kind", "status")),
        "case audits": sorted(
            CaseAudit.objects.values_list("case__reference", "organisation__name", "status")
        ),
        "case audit answers": CaseAuditAnswer.objects.count(),
        "reviews": sorted(Review.objects.values_list("partnership__slug", "reference", "decision")),
        "ledger": sorted(
            LedgerEntry.objects.values_list(
                "iso__email", "description", "planned_half_days", "spent_half_days"
            )
        ),
        "escalations": Escalation.objects.count(),
        "notices": Notice.objects.count(),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
