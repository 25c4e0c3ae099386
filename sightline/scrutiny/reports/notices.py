"""Who hears about ISO reports and their recommendations, and what they are told: an in-app notice and an email,
written in the caller's transaction (so a refused change tells nobody) and sent after it commits.

Who answers for an addressee organisation: its safeguarding leads and, for a statutory partner's organisation,
the partnership's delegated partner of that kind (the same rule as `scrutiny.answer_response`)."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse

from sightline.notifications.services import notice_create, send_email_on_commit
from sightline.partnerships.models import OrganisationMembership, PartnershipMembership
from sightline.policy.scrutiny import PARTNER_ROLE_OF

from ..models import IsoReport, RecommendationResponse

Role = PartnershipMembership.Role


def answerers(*, partnership_id, organisations) -> dict:
    """{organisation id: [person, …]}: who answers for each organisation, in two queries however many."""
    organisations = list(organisations)
    people: dict = defaultdict(list)
    for membership in OrganisationMembership.objects.filter(
        organisation__in=[org.pk for org in organisations],
        role=OrganisationMembership.Role.LEAD,
        user__is_active=True,
    ).select_related("user"):
        people[membership.organisation_id].append(membership.user)
    kinds = {org.statutory_partner for org in organisations if org.statutory_partner in PARTNER_ROLE_OF}
    partners: dict = defaultdict(list)
    if kinds:
        for membership in PartnershipMembership.objects.filter(
            partnership_id=partnership_id,
            role__in=[PARTNER_ROLE_OF[kind] for kind in kinds],
            user__is_active=True,
        ).select_related("user"):
            partners[membership.role].append(membership.user)
    for org in organisations:
        for person in partners.get(PARTNER_ROLE_OF.get(org.statutory_partner), []):
            if person not in people[org.pk]:
                people[org.pk].append(person)
    return people


def business_team(partnership_id) -> list:
    return [
        membership.user
        for membership in PartnershipMembership.objects.filter(
            partnership_id=partnership_id, role=Role.BUSINESS_TEAM, user__is_active=True
        ).select_related("user")
    ]


def report_url(report: IsoReport) -> str:
    return reverse("iso_report_detail", kwargs={"slug": report.partnership.slug, "report_id": report.pk})


def to_answer_url(partnership) -> str:
    return reverse("recommendations_to_answer", kwargs={"slug": partnership.slug})


def _tell(person, *, partnership, title: str, body: str, url: str, template: str, context: dict) -> None:
    notice_create(user=person, partnership=partnership, title=title, body=body, url=url)
    send_email_on_commit(
        to=person.email,
        subject=f"Sightline: {title}",
        template=template,
        context={"person": person, "partnership": partnership, "url": url, **context},
    )


def report_issued_notify(*, report: IsoReport, responses: list[RecommendationResponse], by) -> None:
    """Each person who answers for an addressee hears which recommendations wait for their answer; the business
    team (and the author, when the business team issued it for them) that the report is out."""
    partnership = report.partnership
    organisations = {response.organisation_id: response.organisation for response in responses}
    people = answerers(partnership_id=partnership.pk, organisations=organisations.values())
    asked: dict = defaultdict(list)
    for response in responses:
        for person in people.get(response.organisation_id, []):
            asked[person].append(response)
    title = f"Independent scrutiny report issued: {report.title}"[:200]
    for person, theirs in asked.items():
        theirs.sort(key=lambda response: (response.recommendation.number, response.organisation.name))
        _tell(
            person,
            partnership=partnership,
            title=title,
            body=f"{len(theirs)} recommendation{'s' if len(theirs) != 1 else ''} to answer by the dates given",
            url=to_answer_url(partnership),
            template="scrutiny/email/report_issued.txt",
            context={"report": report, "responses": theirs, "report_url": report_url(report)},
        )
    told = set(asked)
    others = business_team(partnership.pk)
    if by is not None and by.pk != report.author_id:
        others.append(report.author)
    for person in others:
        if person in told:
            continue
        told.add(person)
        _tell(
            person,
            partnership=partnership,
            title=title,
            body=f"Issued by {by or 'Sightline'}",
            url=report_url(report),
            template="scrutiny/email/report_issued.txt",
            context={"report": report, "responses": [], "report_url": report_url(report)},
        )


def response_answered_notify(*, response: RecommendationResponse) -> None:
    """The author hears that an addressee has answered, so they can judge the response."""
    report = response.recommendation.report
    author = report.author
    if not author.is_active:
        return
    title = (
        f"{response.organisation.name} answered recommendation {response.recommendation.number} of "
        f"{report.title}"
    )[:200]
    _tell(
        author,
        partnership=report.partnership,
        title=title,
        body=response.get_answer_display(),
        url=report_url(report),
        template="scrutiny/email/response_answered.txt",
        context={"report": report, "response": response},
    )


def response_reopened_notify(*, response: RecommendationResponse) -> None:
    """Those who answer for the organisation hear that the ISO found the response not sufficient, and why."""
    report = response.recommendation.report
    people = answerers(partnership_id=report.partnership_id, organisations=[response.organisation])
    title = (
        f"Not sufficient: your response to recommendation {response.recommendation.number} of {report.title}"
    )[:200]
    for person in people.get(response.organisation_id, []):
        _tell(
            person,
            partnership=report.partnership,
            title=title,
            body=response.judgement_note[:500],
            url=to_answer_url(report.partnership),
            template="scrutiny/email/response_reopened.txt",
            context={"report": report, "response": response},
        )


def reminder_notify(*, person, partnership, responses: list[RecommendationResponse], today) -> None:
    """One reminder listing every recommendation this person answers for that is due soon or overdue."""
    n = len(responses)
    title = f"{n} recommendation{'s' if n != 1 else ''} to answer"
    rows = [
        {
            "response": response,
            "overdue": response.recommendation.respond_by < today,
        }
        for response in responses
    ]
    _tell(
        person,
        partnership=partnership,
        title=title,
        body="; ".join(
            f"{row['response'].recommendation.report.title}, recommendation "
            f"{row['response'].recommendation.number} ({row['response'].organisation.name}): "
            f"{'overdue since' if row['overdue'] else 'due'} {row['response'].recommendation.respond_by:%-d %B %Y}"
            for row in rows
        )[:2000],
        url=to_answer_url(partnership),
        template="scrutiny/email/reminder.txt",
        context={"rows": rows},
    )
