"""Drafting, recommending and issuing ISO reports (sightline/scrutiny/reports/drafting.py): each change is the
next draft, a stale change is refused, and every refusal says what to do and changes nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from sightline.audit.models import AuditEvent
from sightline.core.errors import EditConflict, TransitionError
from sightline.notifications.models import Notice, OutboundEmail
from sightline.partnerships.models import OrganisationMembership, PartnershipMembership, Priority
from sightline.scrutiny.models import IsoRecommendation, IsoReport, RecommendationResponse
from sightline.scrutiny.reports import drafting, recommendations

from .. import factories
from ..assurance.builders import make_activity, partners
from .report_builders import draft, issued, recommend, statutory

Kind = IsoReport.Kind
Role = PartnershipMembership.Role


def state(report: IsoReport) -> tuple:
    """Everything a refused change must leave as it was."""
    report.refresh_from_db()
    return (
        report.status,
        report.draft,
        report.version,
        report.title,
        report.body,
        list(report.recommendations.values_list("number", "text", "respond_by")),
        sorted(
            str(pk)
            for pk in RecommendationResponse.objects.filter(recommendation__report=report).values_list(
                "organisation_id", flat=True
            )
        ),
        AuditEvent.objects.count(),
    )


def refused(call, message: str, report: IsoReport):
    before = state(report)
    with pytest.raises(TransitionError, match=message):
        call()
    assert state(report) == before


@pytest.fixture
def soon():
    return timezone.localdate() + timedelta(days=21)


def test_an_iso_starts_a_draft_on_an_activity_they_are_assigned_to(world):
    report = draft(world)
    assert report.is_draft and report.draft == 1 and report.activity.iso == world.users["iso"]
    assert AuditEvent.objects.filter(verb="iso_report.created", target_id=str(report.pk)).exists()


@pytest.mark.parametrize("who", ["business_team", "partner_la", "agency_a_lead", "other_business_team"])
def test_only_an_iso_of_the_partnership_writes_a_report(world, who):
    before = (IsoReport.objects.count(), AuditEvent.objects.count())
    with pytest.raises(TransitionError, match="Only an independent scrutiny officer of this partnership"):
        drafting.report_create(
            by=world.users[who], partnership=world.partnership, kind=Kind.THEME, title="Neglect"
        )
    assert (IsoReport.objects.count(), AuditEvent.objects.count()) == before


def test_a_report_on_an_activity_the_iso_may_not_read_is_refused(world):
    not_theirs = make_activity(world, iso=factories.with_partnership_role(world.partnership, Role.ISO))
    with pytest.raises(TransitionError, match="that you are assigned to"):
        drafting.report_create(
            by=world.users["iso"],
            partnership=world.partnership,
            kind=Kind.ACTIVITY,
            activity=not_theirs,
            title="Not mine",
        )
    assert not IsoReport.objects.exists()


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"kind": "gossip", "title": "X"}, "Choose what the report is on"),
        ({"kind": Kind.THEME, "title": "   "}, "Enter a title"),
        ({"kind": Kind.ACTIVITY, "title": "X"}, "Choose the assurance activity"),
    ],
)
def test_a_draft_needs_a_kind_a_title_and_for_an_activity_report_its_activity(world, fields, message):
    with pytest.raises(TransitionError, match=message):
        drafting.report_create(by=world.users["iso"], partnership=world.partnership, **fields)
    assert (
        not IsoReport.objects.exists()
        and not AuditEvent.objects.filter(verb__startswith="iso_report").exists()
    )


def test_each_saved_change_is_the_next_draft_and_the_text_is_in_the_trail(world):
    report = draft(world, on_activity=False)
    updated = drafting.report_update(
        by=world.users["iso"],
        report=report,
        version=report.version,
        kind=Kind.LEADERSHIP,
        title="Leadership of the arrangements",
        body="New findings",
    )
    assert (updated.draft, updated.version, updated.kind) == (2, 2, Kind.LEADERSHIP)
    event = AuditEvent.objects.filter(verb="iso_report.updated").latest("seq")
    assert event.changes["body"]["after"] == "New findings" and event.changes["draft"] == 2


def test_saving_nothing_new_is_not_a_new_draft(world):
    report = draft(world, on_activity=False)
    drafting.report_update(
        by=world.users["iso"],
        report=report,
        version=report.version,
        kind=report.kind,
        title=report.title,
        summary=report.summary,
        body=report.body,
    )
    report.refresh_from_db()
    assert report.draft == 1


def test_a_stale_edit_is_refused_with_what_is_saved_now(world):
    report = draft(world, on_activity=False)
    old = report.version
    drafting.report_update(by=world.users["iso"], report=report, version=old, kind=Kind.THEME, title="First")
    before = state(report)
    with pytest.raises(EditConflict) as conflict:
        drafting.report_update(
            by=world.users["iso"], report=report, version=old, kind=Kind.THEME, title="Second"
        )
    assert conflict.value.current["title"] == "First"
    assert state(report) == before


def test_priorities_must_be_the_partnerships(world):
    mine = Priority.objects.create(
        partnership=world.partnership,
        title="Neglect",
        lead_partner="la",
        starts_on="2026-04-01",
        ends_on="2027-03-31",
    )
    theirs = Priority.objects.create(
        partnership=world.other_partnership,
        title="Other",
        lead_partner="la",
        starts_on="2026-04-01",
        ends_on="2027-03-31",
    )
    report = draft(world, on_activity=False)
    refused(
        lambda: drafting.report_update(
            by=world.users["iso"],
            report=report,
            version=None,
            kind=Kind.THEME,
            title="X",
            priorities=[theirs],
        ),
        "Choose priorities of this partnership",
        report,
    )
    drafting.report_update(
        by=world.users["iso"], report=report, version=None, kind=Kind.THEME, title="X", priorities=[mine]
    )
    assert list(report.priorities.all()) == [mine]


@pytest.mark.parametrize("who", ["business_team", "partner_la", "iso_2"])
def test_only_the_author_changes_a_draft(world, who):
    world.users["iso_2"] = factories.with_partnership_role(world.partnership, Role.ISO)
    report = draft(world)
    refused(
        lambda: drafting.report_update(
            by=world.users[who], report=report, version=None, kind=Kind.THEME, title="Mine now"
        ),
        "Only the independent scrutiny officer who wrote this report",
        report,
    )


def test_recommendations_are_numbered_and_renumbered_when_one_is_removed(world, soon):
    report = draft(world)
    first = recommend(report, world.agency_a, text="One")
    recommend(report, world.agency_b, text="Two")
    recommend(report, world.agency_a, world.agency_b, text="Three")
    report.refresh_from_db()
    assert report.draft == 4
    recommendations.recommendation_remove(by=world.users["iso"], recommendation=first, version=report.version)
    assert list(report.recommendations.values_list("number", "text")) == [(1, "Two"), (2, "Three")]
    assert AuditEvent.objects.filter(verb="iso_recommendation.removed").latest("seq").changes["text"] == "One"


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"text": ""}, "Enter the recommendation"),
        ({"respond_by": "today"}, "must be after today"),
        ({"respond_by": None}, "Enter the date the response is due"),
        ({"addressees": []}, "Choose at least one organisation"),
        ({"addressees": "elsewhere"}, "in the partnership's register"),
    ],
)
def test_a_recommendation_needs_text_a_future_date_and_addressees_of_the_register(
    world, soon, fields, message
):
    report = draft(world)
    values = {"text": "Review the pathway", "respond_by": soon, "addressees": [world.agency_a], **fields}
    if values["respond_by"] == "today":
        values["respond_by"] = timezone.localdate()
    if values["addressees"] == "elsewhere":
        values["addressees"] = [world.other_agency]
    refused(
        lambda: recommendations.recommendation_add(
            by=world.users["iso"], report=report, version=None, **values
        ),
        message,
        report,
    )


def test_changing_a_recommendation_changes_its_addressees(world, soon):
    report = draft(world)
    recommendation = recommend(report, world.agency_a)
    report.refresh_from_db()
    recommendations.recommendation_update(
        by=world.users["iso"],
        recommendation=recommendation,
        version=report.version,
        text="Changed",
        respond_by=soon,
        addressees=[world.agency_b],
    )
    assert list(recommendation.responses.values_list("organisation", flat=True)) == [world.agency_b.pk]
    change = AuditEvent.objects.filter(verb="iso_recommendation.updated").latest("seq").changes
    assert change["addressees"] == {"before": [world.agency_a.name], "after": [world.agency_b.name]}


def test_a_recommendation_from_a_stale_page_is_refused(world, soon):
    report = draft(world)
    old = report.version
    recommend(report, world.agency_a)
    refused(
        lambda: recommendations.recommendation_add(
            by=world.users["iso"],
            report=report,
            version=old,
            text="Late",
            respond_by=soon,
            addressees=[world.agency_a],
        ),
        "Someone changed this report",
        report,
    )


@pytest.fixture
def people(world):
    """Who answers for each addressee: agency A's lead, and for the police the delegated police partner."""
    police = statutory(world, "police")
    return {
        "police": police,
        "police_partner": partners(world)["police"],
        "police_lead": factories.with_organisation_role(police, OrganisationMembership.Role.LEAD),
    }


def test_issuing_locks_the_text_and_tells_the_addressees_and_the_business_team(world, people, run_on_commit):
    report = draft(world)
    recommend(report, world.agency_a, people["police"])
    report.refresh_from_db()
    drafting.report_issue(by=world.users["iso"], report=report, version=report.version)
    report.refresh_from_db()
    assert report.status == IsoReport.Status.ISSUED and report.issued_at is not None
    assert set(
        RecommendationResponse.objects.filter(recommendation__report=report).values_list("answer", flat=True)
    ) == {"awaited"}
    told = {notice.user for notice in Notice.objects.filter(title__contains=report.title)}
    assert told == {
        world.users["agency_a_lead"],
        people["police_lead"],
        people["police_partner"],
        world.users["business_team"],
    }
    emails = {email.to for email in OutboundEmail.objects.all()}
    assert world.users["agency_a_lead"].email in emails and people["police_partner"].email in emails
    assert world.users["agency_b_lead"].email not in emails
    assert len([m for m in mail.outbox if report.title in m.subject]) == len(told)
    with pytest.raises(TransitionError, match="has been issued"):
        drafting.report_update(
            by=world.users["iso"], report=report, version=None, kind=Kind.THEME, title="Late"
        )


def test_the_business_team_issues_on_the_authors_behalf_and_the_author_is_told(world):
    report = draft(world)
    recommend(report, world.agency_a)
    drafting.report_issue(by=world.users["business_team"], report=report, version=None)
    assert Notice.objects.filter(user=world.users["iso"], title__contains=report.title).exists()
    assert (
        AuditEvent.objects.filter(verb="iso_report.issued").latest("seq").changes["on_behalf_of_author"]
        is True
    )


@pytest.mark.parametrize("who", ["partner_la", "agency_a_lead", "iso_2"])
def test_nobody_else_issues_a_report(world, who):
    world.users["iso_2"] = factories.with_partnership_role(world.partnership, Role.ISO)
    report = draft(world)
    recommend(report, world.agency_a)
    refused(
        lambda: drafting.report_issue(by=world.users[who], report=report, version=None),
        "or the business team on their behalf",
        report,
    )
    assert not Notice.objects.filter(title__contains=report.title).exists()


def test_a_report_without_recommendations_can_be_issued(world):
    report = draft(world)
    drafting.report_issue(by=world.users["iso"], report=report, version=None)
    report.refresh_from_db()
    assert report.status == IsoReport.Status.ISSUED


def test_issuing_is_refused_once_a_response_date_has_passed_or_the_page_is_stale(world):
    report = draft(world)
    recommendation = recommend(report, world.agency_a)
    report.refresh_from_db()
    refused(
        lambda: drafting.report_issue(by=world.users["iso"], report=report, version=report.version - 1),
        "changed after you opened this page",
        report,
    )
    IsoRecommendation.objects.filter(pk=recommendation.pk).update(respond_by=timezone.localdate())
    refused(
        lambda: drafting.report_issue(by=world.users["iso"], report=report, version=None),
        "Recommendation 1's response date has passed",
        report,
    )


def test_a_report_is_issued_once(world):
    report = issued(world)
    refused(
        lambda: drafting.report_issue(by=world.users["iso"], report=report, version=None),
        "already been issued",
        report,
    )
