"""Asking each involved agency for its single-agency audit of each case, with a deadline, and reminding its
safeguarding leads as the deadline nears and passes.

Every lead of an agency asked gets one email and one notice per request, listing the case references (which
identify no one). Reminders go at most once a day to a person, whatever they cover: the request's email marks
the day (AuditEmailDay), and the reminder job sends nothing to a person who had a case-audit email that day;
each occasion (due soon, overdue) is remembered per audit and person (AuditReminder), so it is mentioned once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from sightline import policy
from sightline.assessments.models import Template
from sightline.audit import services as audit
from sightline.core.errors import TransitionError
from sightline.core.working_days import working_days_between
from sightline.notifications.services import notice_create, send_email_on_commit
from sightline.partnerships.models import OrganisationMembership

from .cases import require_business_team, require_open
from .models import AuditEmailDay, AuditReminder, CaseAudit

REMIND_WORKING_DAYS_BEFORE = 3
S = CaseAudit.Status


def audit_template() -> Template | None:
    """The newest version of the single-agency case audit in the library."""
    return Template.objects.filter(kind=Template.Kind.CASE_AUDIT).order_by("-loaded_at", "-version").first()


def leads_of(organisation_ids) -> dict:
    """{organisation id: [active safeguarding lead, …]}."""
    leads = defaultdict(list)
    for membership in OrganisationMembership.objects.filter(
        organisation_id__in=set(organisation_ids), role=OrganisationMembership.Role.LEAD, user__is_active=True
    ).select_related("user"):
        leads[membership.organisation_id].append(membership.user)
    return leads


def _mark_emailed(user, day: date) -> None:
    try:
        with transaction.atomic():
            AuditEmailDay.objects.get_or_create(user=user, sent_on=day)
    except IntegrityError:  # another process marked the same day a moment ago
        pass


@transaction.atomic
def case_audits_request(*, by, activity, due_on: date) -> list[CaseAudit]:
    """Ask every involved agency not yet asked for its audit of each case, by `due_on`. Agencies already asked
    keep their deadline."""
    require_business_team(by, activity)
    require_open(activity)
    today = timezone.localdate()
    if due_on <= today:
        raise TransitionError("The deadline must be after today")
    template = audit_template()
    if template is None:
        raise TransitionError(
            "The single-agency case audit template is not in the library yet: ask the operator to load it"
        )
    asked = set(CaseAudit.objects.filter(case__activity=activity).values_list("case_id", "organisation_id"))
    created = []
    for case in activity.cases.prefetch_related("agencies"):
        for agency in case.agencies.all():
            if (case.pk, agency.pk) in asked:
                continue
            created.append(
                CaseAudit(case=case, organisation=agency, template=template, due_on=due_on, requested_by=by)
            )
    if not created:
        raise TransitionError("Every agency involved in every case has already been asked: add a case first")
    CaseAudit.objects.bulk_create(created)
    by_agency = defaultdict(list)
    for case_audit in created:
        by_agency[case_audit.organisation].append(case_audit)
    leads = leads_of(agency.pk for agency in by_agency)
    for agency, audits in by_agency.items():
        for person in leads.get(agency.pk, []):
            _tell_lead(person, activity, agency, audits, due_on, today)
    audit.record(
        actor=by,
        verb="case_audits.requested",
        target=activity,
        partnership=activity.partnership,
        changes={
            "due_on": due_on.isoformat(),
            "audits": len(created),
            "agencies": sorted(agency.name for agency in by_agency),
            "agencies_without_a_lead": sorted(agency.name for agency in by_agency if agency.pk not in leads),
        },
    )
    return created


def _tell_lead(person, activity, agency, audits: list[CaseAudit], due_on: date, today: date) -> None:
    slug = activity.partnership.slug
    n = len(audits)
    title = f"{activity.title}: {agency.name} is asked for {n} case audit{'s' if n != 1 else ''} by {due_on:%-d %B %Y}"
    url = reverse("our_case_audits", kwargs={"slug": slug})
    notice_create(user=person, partnership=activity.partnership, title=title, url=url)
    send_email_on_commit(
        to=person.email,
        subject=f"Sightline: {title}",
        template="casework/email/request.txt",
        context={
            "person": person,
            "activity": activity,
            "agency": agency,
            "references": [a.case.reference for a in audits],
            "due_on": due_on,
            "url": url,
        },
    )
    _mark_emailed(person, today)


@dataclass(frozen=True)
class Occasion:
    audit: CaseAudit
    kind: str
    key: str

    @property
    def text(self) -> str:
        if self.kind == "overdue":
            return f"overdue: it was due on {self.audit.due_on:%-d %B %Y}"
        return f"due on {self.audit.due_on:%-d %B %Y}"


def _occasion(case_audit: CaseAudit, today: date) -> Occasion | None:
    if case_audit.due_on < today:
        return Occasion(case_audit, "overdue", f"overdue:{case_audit.due_on}")
    if working_days_between(today, case_audit.due_on) <= REMIND_WORKING_DAYS_BEFORE:
        return Occasion(case_audit, "due_soon", f"due_soon:{case_audit.due_on}")
    return None


def reminders_due(*, today: date) -> dict:
    """{person: [Occasion, …]}: the unfinished audits each lead should now hear about and has not."""
    audits = list(
        CaseAudit.objects.exclude(status=S.SUBMITTED)
        .exclude(case__activity__status__in=policy.PANEL_ENDED_STATES)
        .select_related("case__activity__partnership", "organisation")
        .order_by("due_on", "case__reference")
    )
    occasions = [o for o in (_occasion(a, today) for a in audits) if o is not None]
    sent = set(
        AuditReminder.objects.filter(audit__in=[o.audit.pk for o in occasions]).values_list(
            "audit_id", "user_id", "key"
        )
    )
    leads = leads_of(o.audit.organisation_id for o in occasions)
    due: dict = {}
    for occasion in occasions:
        for person in leads.get(occasion.audit.organisation_id, []):
            if (occasion.audit.pk, person.pk, occasion.key) not in sent:
                due.setdefault(person, []).append(occasion)
    return due


def _remind(person, occasions: list[Occasion], today: date) -> None:
    AuditEmailDay.objects.create(user=person, sent_on=today)
    AuditReminder.objects.bulk_create(
        [AuditReminder(audit=o.audit, user=person, key=o.key, sent_on=today) for o in occasions]
    )
    partnership = occasions[0].audit.case.activity.partnership
    n = len(occasions)
    subject = f"{n} case audit{'s' if n != 1 else ''} to finish"
    url = reverse("our_case_audits", kwargs={"slug": partnership.slug})
    notice_create(
        user=person,
        partnership=partnership,
        title=subject,
        body="; ".join(
            f"{o.audit.case.reference} for {o.audit.organisation.name}: {o.text}" for o in occasions
        ),
        url=url,
    )
    send_email_on_commit(
        to=person.email,
        subject=f"Sightline: {subject}",
        template="casework/email/reminder.txt",
        context={"person": person, "occasions": occasions, "url": url},
    )
    audit.record(
        verb="case_audit_reminders.sent",
        target=person,
        partnership=partnership,
        changes={"on": today.isoformat(), "audits": n, "occasions": sorted({o.kind for o in occasions})},
    )


def reminders_send(*, today: date) -> dict:
    """The hourly job: one reminder email to each lead with something new to hear about and no case-audit email
    yet today. Running it again the same day sends nothing more."""
    due = reminders_due(today=today)
    had_today = set(
        AuditEmailDay.objects.filter(sent_on=today, user__in=[p.pk for p in due]).values_list(
            "user_id", flat=True
        )
    )
    counts = {"sent": 0, "held": 0}
    for person, occasions in due.items():
        if person.pk in had_today:
            counts["held"] += 1
            continue
        try:
            with transaction.atomic():
                _remind(person, occasions, today)
        except IntegrityError:  # another run reminded this person a moment ago
            counts["held"] += 1
            continue
        counts["sent"] += 1
    return counts
