"""The figures of the yearly report: each one a count of the partnership's records in the reporting period, made by
one stated query, so a reader can see what was counted and follow it to the records (the figure's evidence page
lists exactly the rows the count counts).

A figure is never typed: the narrative around it is. Figures are counted over the partnership's records, not over
what the person reading may open: the report speaks for the whole partnership, and each record on an evidence page
is named only by what the report may say of it (an activity's title, an organisation's name), never by case detail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet

from sightline.assurance.models import Activity
from sightline.improvement.models import ActionPlan, Review
from sightline.scrutiny.models import RecommendationResponse

from .periods import Period
from .records import (
    Row,
    action_row,
    actions_overdue,
    actions_verified,
    activity_row,
    agencies,
    briefing_row,
    briefings,
    case_audit_row,
    case_audits,
    cycle_row,
    cycles,
    dispute_row,
    disputes,
    held,
    iso_report_row,
    iso_reports,
    little_progress,
    meeting_row,
    meetings,
    organisation_row,
    plan_row,
    plans,
    presentation_row,
    presentations,
    priorities,
    priority_row,
    recommendation_row,
    recommendations,
    response_row,
    responses,
    return_row,
    returns,
    review_row,
    reviews,
)

Kind = Activity.Kind
Answer = RecommendationResponse.Answer


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    query: str  # the query in words, shown beside the figure and on its evidence page
    records: Callable[[object, Period], QuerySet]
    row: Callable[
        [Model, str, Period], Row
    ]  # (record, partnership slug, period) -> how its evidence page names it
    target: int | None = None  # a number the partnership set itself (the framework's three events a year)


LINE_OF_SIGHT = (Kind.PRACTICE_LEARNING,)
REVIEW_SOURCES = (ActionPlan.SourceKind.REVIEW, ActionPlan.SourceKind.NATIONAL_REVIEW)

FIGURES: dict[str, Figure] = {
    figure.key: figure
    for figure in (
        Figure(
            "activities_held",
            "Assurance activities held",
            "Assurance activities of every kind recorded as held during the period.",
            lambda p, period: held(p, period),
            activity_row,
        ),
        Figure(
            "line_of_sight_held",
            "Practice learning line-of-sight events held",
            "Practice learning line-of-sight events recorded as held during the period.",
            lambda p, period: held(p, period, LINE_OF_SIGHT),
            activity_row,
            target=3,
        ),
        Figure(
            "case_specific_held",
            "Case-specific line-of-sight events held",
            "Case-specific line-of-sight events recorded as held during the period.",
            lambda p, period: held(p, period, (Kind.CASE_SPECIFIC,)),
            activity_row,
        ),
        Figure(
            "agency_assurance_held",
            "Agency call-ins, agency-specific events, audits and peer reviews held",
            "Agency-specific events, partnership audits, agency call-ins and peer reviews recorded as held during "
            "the period.",
            lambda p, period: held(
                p, period, (Kind.AGENCY, Kind.PARTNERSHIP_AUDIT, Kind.CALL_IN, Kind.PEER_REVIEW)
            ),
            activity_row,
        ),
        Figure(
            "case_audits_returned",
            "Single-agency case audits returned",
            "Single-agency case audits submitted to a panel during the period.",
            case_audits,
            case_audit_row,
        ),
        Figure(
            "cycles_reported",
            "Self-assessment cycles reported to the board",
            "Self-assessment cycles closing in the period whose composite report has been issued.",
            cycles,
            cycle_row,
        ),
        Figure(
            "returns_submitted",
            "Self-assessment returns submitted",
            "Organisations' self-assessment returns submitted during the period.",
            returns,
            return_row,
        ),
        Figure(
            "plans_opened",
            "Action plans opened",
            "Action plans made during the period, from any source.",
            plans,
            plan_row,
        ),
        Figure(
            "actions_done",
            "Actions verified as done",
            "Actions the learning group verified as having made their difference during the period.",
            lambda p, period: actions_verified(p, period),
            action_row,
        ),
        Figure(
            "actions_overdue",
            "Actions overdue at the end of the period",
            "Actions due before the period ended that are still not done, deferred or cancelled.",
            actions_overdue,
            action_row,
        ),
        Figure(
            "review_actions_done",
            "Actions from local and national reviews verified as done",
            "Actions in plans made from a case review or a national review, verified during the period.",
            lambda p, period: actions_verified(p, period, sources=REVIEW_SOURCES),
            action_row,
        ),
        Figure(
            "incidents_notified",
            "Serious incidents notified",
            "Cases in the reviews register notified to the national panel during the period.",
            lambda p, period: reviews(p, period, "notified_on"),
            review_row,
        ),
        Figure(
            "rapid_reviews",
            "Rapid reviews held",
            "Cases in the reviews register whose rapid review was held during the period.",
            lambda p, period: reviews(p, period, "rapid_review_on"),
            review_row,
        ),
        Figure(
            "practice_reviews_decided",
            "Decisions to hold a local child safeguarding practice review",
            "Cases in the reviews register where a local practice review was decided on during the period.",
            lambda p, period: reviews(p, period, "decided_on").filter(decision=Review.Decision.LCSPR),
            review_row,
        ),
        Figure(
            "briefings_approved",
            "Learning briefings approved",
            "Learning briefings approved for use during the period.",
            briefings,
            briefing_row,
        ),
        Figure(
            "iso_reports_issued",
            "Independent scrutiny reports issued",
            "Reports the independent scrutiny officers issued during the period.",
            iso_reports,
            iso_report_row,
        ),
        Figure(
            "iso_recommendations",
            "Recommendations made by independent scrutiny",
            "Recommendations in the independent scrutiny reports issued during the period.",
            recommendations,
            recommendation_row,
        ),
        Figure(
            "iso_responses_accepted",
            "Responses accepting a recommendation, fully or in part",
            "Addressees' responses to those recommendations that accept them or accept them in part.",
            lambda p, period: responses(p, period, (Answer.ACCEPTED, Answer.PARTLY)),
            response_row,
        ),
        Figure(
            "iso_responses_not_accepted",
            "Responses not accepting a recommendation",
            "Addressees' responses to those recommendations that do not accept them.",
            lambda p, period: responses(p, period, (Answer.NOT_ACCEPTED,)),
            response_row,
        ),
        Figure(
            "iso_responses_awaited",
            "Responses still awaited",
            "Responses to those recommendations that the addressee has not yet given.",
            lambda p, period: responses(p, period, (Answer.AWAITED,)),
            response_row,
        ),
        Figure(
            "disputes_raised",
            "Disputes raised",
            "Disagreements between partners or agencies recorded during the period.",
            lambda p, period: disputes(p, period, "raised_on"),
            dispute_row,
        ),
        Figure(
            "disputes_resolved",
            "Disputes resolved",
            "Disagreements resolved during the period.",
            lambda p, period: disputes(p, period, "resolved_on"),
            dispute_row,
        ),
        Figure(
            "priorities",
            "Priorities in force",
            "The partnership's priorities in force at some time during the period.",
            priorities,
            priority_row,
        ),
        Figure(
            "priorities_little_progress",
            "Priorities with little or no evidence of progress",
            "Priorities in force during the period with no action done and no tagged activity held in it, or "
            "with more actions overdue than done.",
            little_progress,
            priority_row,
        ),
        Figure(
            "board_meetings",
            "Partnership board meetings held",
            "Meetings of the partnership board recorded as held during the period.",
            lambda p, period: meetings(p, period, "board"),
            meeting_row,
        ),
        Figure(
            "learning_meetings",
            "Learning group meetings held",
            "Meetings of the practice learning group recorded as held during the period.",
            lambda p, period: meetings(p, period, "learning"),
            meeting_row,
        ),
        Figure(
            "relevant_agencies",
            "Relevant agencies and providers in the arrangements",
            "Open organisations in the partnership's register other than the three safeguarding partners, as the "
            "register stands.",
            agencies,
            organisation_row,
        ),
        Figure(
            "presentations_held",
            "Reports presented to other bodies",
            "Presentations of the partnership's reports to other bodies recorded as held during the period.",
            presentations,
            presentation_row,
        ),
    )
}


def figure_for(key: str) -> Figure | None:
    return FIGURES.get(key)
