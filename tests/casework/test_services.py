"""Cases, panels, audit requests and reminders, single-agency audits and the panel pack, through the services."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from docx import Document

from sightline.audit.models import AuditEvent
from sightline.casework import audits, cases, checking, panel, requests
from sightline.casework.checking import IdentifyingDetails
from sightline.casework.models import AuditEmailDay, Case, CaseAudit, CaseAuditAnswer, PanelMember, PanelNote
from sightline.casework.pack import panel_pack_build
from sightline.casework.selectors import case_audits_complete
from sightline.core.errors import TransitionError
from sightline.notifications.models import Notice

from .. import factories
from .builders import (
    answer_all,
    case_audit_template,
    event_with_audits,
    make_activity,
    make_case,
    request_audits,
    seat,
    submitted,
)

S = CaseAudit.Status
REFERENCE = re.compile(r"^LOS-\d{4}-[234679CDFGHJKMNPQRTVWXYZ]{4}$")


def test_a_case_has_a_pseudonymous_reference_and_no_field_for_identifying_details(world):
    activity = make_activity(world)
    made = [make_case(world, activity) for _ in range(20)]
    assert all(REFERENCE.match(case.reference) for case in made)
    assert len({case.reference for case in made}) == 20
    fields = {field.name for field in Case._meta.get_fields()}
    assert not fields & {
        "name",
        "first_name",
        "surname",
        "date_of_birth",
        "dob",
        "address",
        "postcode",
        "nhs_number",
    }
    assert AuditEvent.objects.filter(verb="case.created").count() == 20


def test_a_reference_already_taken_in_the_partnership_is_drawn_again(world, monkeypatch):
    activity = make_activity(world)
    first = make_case(world, activity)
    drawn = iter([first.reference, first.reference, "LOS-2026-TTTT"])
    monkeypatch.setattr("sightline.casework.cases.reference_candidate", lambda kind: next(drawn))
    assert make_case(world, activity).reference == "LOS-2026-TTTT"


def test_cases_are_refused_for_an_activity_without_a_sample_or_agencies_outside_the_partnership(world):
    with pytest.raises(TransitionError, match="Only line-of-sight events and partnership audits"):
        make_case(world, make_activity(world, kind="call_in"))
    with pytest.raises(TransitionError, match="Choose agencies from this partnership's register"):
        make_case(world, make_activity(world), world.other_agency)
    with pytest.raises(TransitionError, match="Only the partnership's business team"):
        cases.case_create(
            by=world.users["partner_la"],
            activity=make_activity(world),
            age_band="1_4",
            agencies=[world.agency_a],
        )
    assert not Case.objects.exists()


def test_requests_go_to_each_agencys_leads_with_the_deadline(world, run_on_commit):
    activity = make_activity(world)
    second_lead = factories.with_organisation_role(world.agency_a)
    make_case(world, activity)
    make_case(world, activity, world.agency_a)
    created = request_audits(world, activity, due_in=10)
    assert len(created) == 3 and {a.status for a in created} == {S.REQUESTED}
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        [world.users["agency_a_lead"].email, second_lead.email, world.users["agency_b_lead"].email]
    )
    body = next(m.body for m in mail.outbox if m.to == [world.users["agency_a_lead"].email])
    assert "2 cases" in body and all(
        a.case.reference in body for a in created if a.organisation == world.agency_a
    )
    assert Notice.objects.filter(user=world.users["agency_b_lead"]).count() == 1
    with pytest.raises(TransitionError, match="already been asked"):
        request_audits(world, activity)


def test_a_request_needs_a_deadline_after_today_and_the_template(world):
    activity = make_activity(world)
    make_case(world, activity)
    with pytest.raises(TransitionError, match="not in the library yet"):
        requests.case_audits_request(
            by=world.users["business_team"],
            activity=activity,
            due_on=timezone.localdate() + timedelta(days=5),
        )
    case_audit_template()
    with pytest.raises(TransitionError, match="after today"):
        requests.case_audits_request(
            by=world.users["business_team"], activity=activity, due_on=timezone.localdate()
        )
    assert not CaseAudit.objects.exists()


def test_reminders_reach_each_lead_at_most_once_a_day_and_each_occasion_once(world, run_on_commit):
    activity = make_activity(world)
    make_case(world, activity)
    make_case(world, activity)
    request_audits(world, activity, due_in=2)
    today = timezone.localdate()
    mail.outbox.clear()
    assert requests.reminders_send(today=today) == {"sent": 0, "held": 2}  # the request's email was today's
    tomorrow = today + timedelta(days=1)
    assert requests.reminders_send(today=tomorrow) == {"sent": 2, "held": 0}
    assert requests.reminders_send(today=tomorrow) == {"sent": 0, "held": 0}
    assert len(mail.outbox) == 2
    assert "2 case audits to finish" in mail.outbox[0].subject
    overdue_day = today + timedelta(days=5)
    assert requests.reminders_send(today=overdue_day)["sent"] == 2  # overdue is a new occasion
    assert "overdue" in mail.outbox[-1].body
    assert AuditEmailDay.objects.filter(sent_on=overdue_day).count() == 2


def test_a_submitted_audit_or_a_finished_activity_is_not_chased(world, run_on_commit):
    activity, _, _, audit_b = event_with_audits(world)
    later = timezone.localdate() + timedelta(days=30)
    activity.status = "closed"
    activity.save(update_fields=["status"])
    assert requests.reminders_send(today=later) == {"sent": 0, "held": 0}


def test_text_that_looks_identifying_is_saved_only_once_checked(world):
    _, _, _, audit_b = event_with_audits(world)
    lead = world.users["agency_b_lead"]
    standard = audit_b.template.standards.get(key="recognition")
    values = {"recognition-evidence": "Jane Smith, DOB 03/04/2015, was seen at home."}
    with pytest.raises(IdentifyingDetails) as caught:
        audits.case_audit_save(by=lead, case_audit=audit_b, standard=standard, values=values, versions={})
    [place] = caught.value.places
    assert (place.label, place.where) == (
        "a name with a date of birth",
        "What in the records supports this grade?",
    )
    assert "Jane" not in str(caught.value) and "Jane" not in str(place)
    assert not audit_b.answers.exists()
    audit_b.refresh_from_db()
    assert audit_b.status == S.REQUESTED
    token = caught.value.token
    # The confirmation counts for the text warned about, by the person warned, and nothing else.
    for wrong in ("", "made-up", checking.confirmation_token({"other": "text"}, by=lead)):
        with pytest.raises(IdentifyingDetails):
            audits.case_audit_save(
                by=lead,
                case_audit=audit_b,
                standard=standard,
                values=values,
                versions={},
                identifiers_confirmation=wrong,
            )
    with pytest.raises(IdentifyingDetails):
        audits.case_audit_save(
            by=lead,
            case_audit=audit_b,
            standard=standard,
            values={"recognition-evidence": values["recognition-evidence"] + " Also Tom Jones."},
            versions={},
            identifiers_confirmation=token,
        )
    audits.case_audit_save(
        by=lead,
        case_audit=audit_b,
        standard=standard,
        values=values,
        versions={},
        identifiers_confirmation=token,
    )
    event = AuditEvent.objects.filter(verb="case_audit.saved", target_id=str(audit_b.pk)).get()
    assert event.changes["identifier_warnings_confirmed"] == ["name_with_dob"]
    assert "Jane" not in str(event.changes)


def test_a_confirmation_is_good_for_its_text_its_author_and_a_working_day(world):
    import time
    from unittest import mock

    lead, other = world.users["agency_b_lead"], world.users["agency_a_lead"]
    texts = {"Evidence": "Seen with Amira at home."}
    token = checking.confirmation_token(texts, by=lead)
    assert checking.confirmation_matches(token, texts, by=lead)
    assert not checking.confirmation_matches(token, texts, by=other)
    assert not checking.confirmation_matches(token, {"Evidence": "Seen with Amira at home. "}, by=lead)
    assert not checking.confirmation_matches(token[:-1] + "x", texts, by=lead)
    with mock.patch("django.core.signing.time.time", return_value=time.time() - checking.MAX_AGE - 60):
        stale = checking.confirmation_token(texts, by=lead)
    assert not checking.confirmation_matches(stale, texts, by=lead)


def test_an_audit_is_submitted_only_when_complete_and_is_then_locked(world):
    _, _, audit_a, audit_b = event_with_audits(world)
    lead = world.users["agency_b_lead"]
    with pytest.raises(TransitionError, match="Answer every required question before submitting"):
        audits.case_audit_submit(by=lead, case_audit=audit_b)
    with pytest.raises(TransitionError, match="Only the agency's safeguarding lead"):
        answer_all(audit_b, world.users["agency_a_lead"])
    with pytest.raises(TransitionError, match="Only the agency's safeguarding lead"):
        answer_all(audit_b, world.users["agency_a_contributor"])
    submitted(audit_b, lead)
    audit_b.refresh_from_db()
    assert audit_b.status == S.SUBMITTED and audit_b.submitted_by == lead
    with pytest.raises(TransitionError, match="locked"):
        answer_all(audit_b, lead, text="Changed afterwards")
    assert not CaseAuditAnswer.objects.filter(text="Changed afterwards").exists()


def test_the_panel_is_told_when_an_audit_is_ready(world):
    activity, _, _, audit_b = event_with_audits(world)
    submitted(audit_b, world.users["agency_b_lead"])
    assert Notice.objects.filter(user=world.users["partner_la"], title__contains="ready to read").count() == 2


def test_case_audits_complete_needs_every_requested_audit_submitted(world):
    activity = make_activity(world)
    assert case_audits_complete(activity) is False  # nothing requested yet
    make_case(world, activity)
    assert case_audits_complete(activity) is False
    request_audits(world, activity)
    a, b = activity.cases.get().audits.order_by("organisation__name")
    submitted(a, world.users["agency_a_lead"])
    assert case_audits_complete(activity) is False
    assert not Notice.objects.filter(
        user=world.users["business_team"], title__contains="every case audit"
    ).exists()
    submitted(b, world.users["agency_b_lead"])
    assert case_audits_complete(activity) is True
    assert Notice.objects.filter(
        user=world.users["business_team"], title__contains="every case audit"
    ).exists()


def test_an_agency_that_has_started_its_audit_stays_on_the_case(world):
    activity, case, _, audit_b = event_with_audits(world)
    business = world.users["business_team"]
    with pytest.raises(TransitionError, match="Agency A NHS Trust has started its audit"):
        cases.case_update(by=business, case=case, age_band=case.age_band, agencies=[world.agency_b])
    cases.case_update(by=business, case=case, age_band="11_15", agencies=[world.agency_a])
    assert not CaseAudit.objects.filter(pk=audit_b.pk).exists()  # asked, nothing written: withdrawn
    with pytest.raises(TransitionError, match="the case stays"):
        cases.case_remove(by=business, case=case)


def test_the_panel_is_named_by_the_business_team_from_the_partnership(world):
    activity = make_activity(world)
    business = world.users["business_team"]
    with pytest.raises(TransitionError, match="not one of the partnership's independent scrutiny officers"):
        panel.panel_member_add(
            by=business, activity=activity, user=world.users["partner_la"], role=PanelMember.Role.ISO
        )
    with pytest.raises(TransitionError, match="Choose someone with a role in this partnership"):
        panel.panel_member_add(
            by=business,
            activity=activity,
            user=world.users["other_business_team"],
            role=PanelMember.Role.MEMBER,
        )
    member = seat(world, activity, "iso", PanelMember.Role.ISO)
    assert Notice.objects.filter(user=world.users["iso"], title__contains="on the panel").exists()
    activity.status = "closed"
    activity.save(update_fields=["status"])
    with pytest.raises(TransitionError, match="has finished"):
        panel.panel_member_remove(by=business, member=member)


def test_panel_notes_are_for_panel_members_and_guarded(world):
    activity, case, _, _ = event_with_audits(world)
    chair = world.users["partner_la"]
    with pytest.raises(TransitionError, match="Only the members of this activity's panel"):
        panel.panel_note_add(by=world.users["iso"], activity=activity, kind="enquiry", text="Why the delay?")
    with pytest.raises(IdentifyingDetails):
        panel.panel_note_add(by=chair, activity=activity, kind="enquiry", text="Ask about 07700 900123")
    note = panel.panel_note_add(
        by=chair, activity=activity, kind="enquiry", case=case, text="Why was the referral not made sooner?"
    )
    with pytest.raises(TransitionError, match="Only the person who wrote it"):
        panel.panel_note_remove(by=world.users["business_team"], note=note)
    assert PanelNote.objects.count() == 1


def test_the_pack_holds_the_cases_the_submitted_audits_and_the_lines_of_enquiry(world):
    activity, case, audit_a, audit_b = event_with_audits(world)
    panel.panel_note_add(
        by=world.users["partner_la"],
        activity=activity,
        kind="enquiry",
        text="How did supervision test the plan?",
    )
    answer_all(audit_b, world.users["agency_b_lead"], text="Draft words the panel must not see")
    content = panel_pack_build(by=world.users["partner_la"], activity=activity)
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert case.reference in text and "Agency A NHS Trust" in text
    assert "The health visitor saw the child at home" in text and "Good" in text
    assert "How did supervision test the plan?" in text
    assert "Draft words the panel must not see" not in text
