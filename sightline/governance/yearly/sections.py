"""The sections of the yearly report, as data. The built-in list follows what Working Together to Safeguard
Children 2023 (chapter 2, reporting) expects a yearly report to cover, in our own words; check it against the
current guidance when the guidance changes (docs/yearly-report.md). A partnership gets its own copy the first time
it builds a report and may add sections, reorder them and switch built-in ones off."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ..models import SectionKind


@dataclass(frozen=True)
class BuiltIn:
    key: str
    title: str
    guidance: str
    figures: tuple[str, ...] = ()


BUILT_IN: tuple[BuiltIn, ...] = (
    BuiltIn(
        "done_under_arrangements",
        "What the partners did under the arrangements",
        "The work the three partners and the relevant agencies did together this year because of the local "
        "arrangements, and the decisions the partnership took.",
        (
            "activities_held",
            "plans_opened",
            "actions_done",
            "board_meetings",
            "learning_meetings",
            "presentations_held",
        ),
    ),
    BuiltIn(
        "practice_reviews",
        "Child safeguarding practice reviews",
        "Serious incidents notified, rapid reviews held and the decisions on local practice reviews, with what "
        "the reviews found.",
        ("incidents_notified", "rapid_reviews", "practice_reviews_decided"),
    ),
    BuiltIn(
        "effectiveness",
        "How effective the arrangements have been",
        "What the assurance work showed about how well agencies work together, where it was strong and where not.",
        ("case_audits_returned", "agency_assurance_held"),
    ),
    BuiltIn(
        "impact",
        "Impact on outcomes for children and families",
        "The difference the work made for children and families, with the evidence for it: not only what was "
        "done, but what changed because of it.",
        ("actions_done",),
    ),
    BuiltIn(
        "priorities",
        "Progress on the agreed priorities",
        "For each priority, what was done and what changed; and an analysis of any priority where there was "
        "little or no evidence of progress, with the reasons and what the partners will do.",
        ("priorities", "priorities_little_progress", "actions_overdue"),
    ),
    BuiltIn(
        "review_recommendations",
        "Acting on the recommendations of local and national reviews",
        "The decisions and actions the partners took, or plan to take, on the recommendations of local and "
        "national child safeguarding practice reviews, and what improved as a result.",
        ("review_actions_done",),
    ),
    BuiltIn(
        "voice",
        "Feedback from children and families",
        "How the partners sought feedback from children, young people and families, and how it shaped their "
        "work and the services provided.",
    ),
    BuiltIn(
        "independent_scrutiny",
        "Independent scrutiny",
        "How independent scrutiny was used this year: the reports and recommendations of the independent "
        "scrutiny officers and how the partners answered them, and any disputes they helped to resolve.",
        (
            "iso_reports_issued",
            "iso_recommendations",
            "iso_responses_accepted",
            "iso_responses_not_accepted",
            "iso_responses_awaited",
            "disputes_raised",
            "disputes_resolved",
        ),
    ),
    BuiltIn(
        "learning",
        "Training and learning",
        "Learning briefings, events and training offered across the partnership, and what is known of their effect.",
        ("briefings_approved",),
    ),
    BuiltIn(
        "self_assessments",
        "Self-assessments of the year",
        "The Section 11, schools and early-years self-assessments reported this year and what their composites "
        "showed.",
        ("cycles_reported", "returns_submitted"),
    ),
    BuiltIn(
        "assurance_activities",
        "Assurance activities held",
        "The assurance events, audits, call-ins and peer reviews held, against the partnership's own targets.",
        ("activities_held", "line_of_sight_held", "case_specific_held", "agency_assurance_held"),
    ),
    BuiltIn(
        "relevant_agencies",
        "The relevant agencies",
        "The agencies and providers the partners named as relevant agencies, and how education and childcare "
        "providers took part.",
        ("relevant_agencies",),
    ),
)


@transaction.atomic
def section_kinds_ensure(partnership) -> list[SectionKind]:
    """The partnership's sections, with any built-in one it does not have yet added after its own."""
    have = {
        kind.key: kind for kind in SectionKind.objects.select_for_update().filter(partnership=partnership)
    }
    order = max((kind.order for kind in have.values()), default=0)
    missing = []
    for built_in in BUILT_IN:
        if built_in.key not in have:
            order += 1
            missing.append(
                SectionKind(
                    partnership=partnership,
                    key=built_in.key,
                    title=built_in.title,
                    guidance=built_in.guidance,
                    figures=list(built_in.figures),
                    order=order,
                    built_in=True,
                )
            )
    SectionKind.objects.bulk_create(missing)
    return list(SectionKind.objects.filter(partnership=partnership).order_by("order"))
