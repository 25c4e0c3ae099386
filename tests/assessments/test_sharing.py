"""An organisation in two partnerships whose cycles use the same template version answers once, and both
partnerships see that return (issue 3, scope 4)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from sightline.assessments import composite, cycles, daily_email, submissions
from sightline.assessments.models import Cycle, SharedReturn, Submission
from sightline.assessments.selectors import cycles_of
from sightline.assessments.services import template_load
from sightline.assessments.sharing import returns_in
from sightline.audit.models import AuditEvent
from sightline.core.errors import TransitionError
from sightline.notifications.models import Notice
from sightline.partnerships import services

from .. import factories
from .test_library import GOOD


@pytest.fixture
def template(db):
    return template_load(by=None, content=GOOD, filename="tiny.yaml").template


def make_cycle(partnership, template, by, *, opens_on=date(2026, 9, 1), closes_on=date(2026, 11, 30)):
    cycle = cycles.cycle_create(
        by=by,
        partnership=partnership,
        template=template,
        title=f"Section 11 {opens_on.year} ({partnership.slug})",
        opens_on=opens_on,
        closes_on=closes_on,
        audience_types=["nhs_trust"],
    )
    cycles.cycle_open(by=by, cycle=cycle)
    return Cycle.objects.get(pk=cycle.pk)


def hold_in_other_partnership(world, *, same_lead=True):
    """The other partnership's own register entry for agency A (same ODS code), and its lead's role there."""
    twin = services.organisation_create(
        by=None,
        partnership=world.other_partnership,
        name="Agency A (their name)",
        type="nhs_trust",
        ods_code="RA1",
    )
    services.organisation_update(
        by=None, partnership=world.partnership, organisation=world.agency_a, ods_code="RA1"
    )
    world.agency_a.refresh_from_db()
    twin.refresh_from_db()
    assert twin.identity == world.agency_a.identity
    lead = world.users["agency_a_lead"] if same_lead else None
    factories.with_organisation_role(twin, user=lead)
    return twin


@pytest.fixture
def both(world, template, run_on_commit):
    """Agency A is in both partnerships, led by the same person; the test partnership opens its cycle first, then
    the other area."""
    hold_in_other_partnership(world)
    first = make_cycle(world.partnership, template, world.users["business_team"])
    mail.outbox.clear()
    second = make_cycle(world.other_partnership, template, world.users["other_business_team"])
    return first, second


def test_the_second_cycle_counts_the_first_cycles_return(world, both):
    first, second = both
    answered = first.submissions.get(organisation=world.agency_a)
    assert not second.submissions.filter(organisation=world.agency_a).exists()
    assert list(second.submissions.values_list("organisation__name", flat=True)) == ["Other Area Trust"]
    assert SharedReturn.objects.get(cycle=second).submission == answered
    assert set(returns_in(second)) == {answered, second.submissions.get()}
    assert AuditEvent.objects.filter(verb="submission.shared", target_id=str(answered.pk)).exists()
    # The lead hears at once in the app that one return serves both partnerships. Its email waits for the
    # next day's digest: the return had its email today, when the first partnership launched.
    lead = world.users["agency_a_lead"]
    assert Notice.objects.filter(user=lead, body__contains="You answer it once").exists()
    assert [m for m in mail.outbox if m.to == [lead.email]] == []
    assert daily_email.digests_send(today=date.today() + timedelta(days=1)) == 1
    (digest,) = [m for m in mail.outbox if m.to == [lead.email]]
    assert "You answer it once" in digest.body and "Section 11 2026 (test)" in digest.body


def test_both_partnerships_see_the_return_and_its_figures(world, client_for, both):
    first, second = both
    answered = first.submissions.get(organisation=world.agency_a)
    Submission.objects.filter(pk=answered.pk).update(status=Submission.Status.SUBMITTED)
    other_team = client_for(world.users["other_business_team"])
    overview = reverse("return_overview", kwargs={"slug": "other", "submission_id": answered.pk})
    page = other_team.get(overview).content.decode()
    assert "answers this once" in page and "Accept the return" not in page
    # The partnership whose cycle the return answers reviews it; the other sees it only.
    challenge = reverse("return_challenge", kwargs={"slug": "other", "submission_id": answered.pk})
    assert other_team.get(challenge).status_code == 404
    with pytest.raises(TransitionError):
        submissions.submission_accept(by=world.users["other_business_team"], submission=answered)
    tracking = other_team.get(reverse("cycle_detail", kwargs={"slug": "other", "cycle_id": second.pk}))
    text = tracking.content.decode()
    assert "Agency A NHS Trust" in text and "Answered once for this cycle" in text
    assert f"/returns/{answered.pk}/" in text and f"{answered.pk}/extend/" not in text
    assert composite.counted_submissions(cycle=second).get() == answered
    listed = cycles_of(partnership=world.other_partnership).get()
    assert (listed.returns, listed.returns_in) == (2, 1)
    # An organisation in only one partnership is seen by that partnership alone.
    own = second.submissions.get()
    assert (
        client_for(world.users["business_team"])
        .get(reverse("return_overview", kwargs={"slug": "test", "submission_id": own.pk}))
        .status_code
        == 404
    )


def test_only_the_same_template_version_in_the_same_window_is_shared(world, template, run_on_commit):
    twin = hold_in_other_partnership(world)
    last_year = make_cycle(
        world.partnership,
        template,
        world.users["business_team"],
        opens_on=date(2025, 9, 1),
        closes_on=date(2025, 11, 30),
    )
    Submission.objects.filter(cycle=last_year).update(status=Submission.Status.ACCEPTED)
    this_year = make_cycle(world.other_partnership, template, world.users["other_business_team"])
    assert not SharedReturn.objects.exists()
    assert this_year.submissions.filter(organisation=twin).exists()
    newer = template_load(
        by=None, content=GOOD.replace("version: 1", "version: 2"), filename="tiny-2.yaml"
    ).template
    make_cycle(world.partnership, newer, world.users["business_team"])
    assert not SharedReturn.objects.exists()


def test_a_second_cycle_in_the_same_partnership_makes_its_own_returns(world, template, run_on_commit):
    first = make_cycle(world.partnership, template, world.users["business_team"])
    again = make_cycle(world.partnership, template, world.users["business_team"])
    assert not SharedReturn.objects.exists()
    assert first.submissions.count() == again.submissions.count() == 1


def test_an_identifier_alone_shares_nothing(world, template, client_for, run_on_commit):
    """Another partnership that enters agency A's ODS code and invites its own lead does not see A's return."""
    twin = hold_in_other_partnership(world, same_lead=False)
    first = make_cycle(world.partnership, template, world.users["business_team"])
    second = make_cycle(world.other_partnership, template, world.users["other_business_team"])

    assert not SharedReturn.objects.filter(cycle=second).exists()
    assert second.submissions.filter(organisation=twin).exists()
    answered = first.submissions.get(organisation=world.agency_a)
    page = client_for(world.users["other_business_team"]).get(
        reverse("return_overview", kwargs={"slug": "other", "submission_id": answered.pk})
    )
    assert page.status_code == 404
