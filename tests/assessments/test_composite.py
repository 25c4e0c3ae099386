"""The composite report: figures from the counted returns only, last year beside this year, the page for those
who see the partnership whole, and the downloads built by the worker, logged and served as attachments."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from sightline.assessments import charts, composite, cycles, quotes
from sightline.assessments.models import ActionArising, Answer, Question, Submission
from sightline.assessments.services import template_load
from sightline.partnerships.models import Organisation

from .. import factories
from ..query_budget import assert_flat

SCALE = """\
scale:
  key: rag
  allow_not_applicable: true
  levels:
    - {value: green, label: Green, meaning: Exceeds, colour: green, score: 3}
    - {value: amber, label: Amber, meaning: Meets, colour: yellow, score: 2}
    - {value: red, label: Red, meaning: Below, colour: red, score: 1}
"""


def standard_yaml(key: str, title: str) -> str:
    return f"""\
      - key: {key}
        title: {title}
        source: Made up
        questions:
          - key: {key}-how
            text: How do you meet this standard?
            kind: text
            required: false
          - key: {key}-rating
            text: How well do you meet it?
            kind: rating
"""


def template_yaml(version: int, audience: str, extra_standard: bool) -> str:
    practice = standard_yaml("s3", "Supervision") + (
        standard_yaml("s4", "Early help") if extra_standard else ""
    )
    return (
        f"key: board-audit\nversion: {version}\ntitle: Board audit\nkind: section11\n"
        f"audience: [{audience}]\nsource: Made up for tests\n{SCALE}sections:\n"
        "  - key: lead\n    title: Leadership\n    standards:\n"
        + standard_yaml("s1", "A named lead")
        + standard_yaml("s2", "Training")
        + "  - key: practice\n    title: Practice\n    standards:\n"
        + practice
    )


LEVEL_SCORES = {"green": 3, "amber": 2, "red": 1}


def answer(submission, key: str, rating: str | None, text: str = "") -> None:
    """Store a standard's answers as a return would: the text, and the rating (or 'na' for not applicable)."""
    template_id = submission.cycle.template_id
    if text:
        Answer.objects.create(
            submission=submission,
            question=Question.objects.get(template_id=template_id, key=f"{key}-how"),
            text=text,
        )
    if rating:
        Answer.objects.create(
            submission=submission,
            question=Question.objects.get(template_id=template_id, key=f"{key}-rating"),
            choice="" if rating == "na" else rating,
            not_applicable=rating == "na",
            score=LEVEL_SCORES.get(rating),
        )


def action(submission, key: str, what: str, lead: str, due_on: date) -> None:
    standard = submission.cycle.template.standards.get(key=key)
    ActionArising.objects.create(
        submission=submission, standard=standard, what=what, lead=lead, due_on=due_on
    )


def set_status(submission, status) -> None:
    Submission.objects.filter(pk=submission.pk).update(status=status)


@dataclass
class Scene:
    cycle: object
    last: object
    returns: dict


def open_cycle(world, template, title, opens_on, closes_on, audience):
    cycle = cycles.cycle_create(
        by=world.users["business_team"],
        partnership=world.partnership,
        template=template,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        audience_types=audience,
    )
    cycles.cycle_open(by=world.users["business_team"], cycle=cycle)
    return cycle


@pytest.fixture
def scene(world):
    return build_scene(world)


def build_scene(world) -> Scene:
    """This year's cycle (version 2 of the audit) with four counted returns and one still in progress, and
    last year's (version 1) with two counted returns."""
    p = world.partnership
    factories.organisation(p, "Test Constabulary", type=Organisation.Type.POLICE)
    factories.organisation(p, "Test School", type=Organisation.Type.SCHOOL)
    factories.organisation(p, "Late Trust", type=Organisation.Type.NHS_TRUST)
    old = template_load(
        by=None, content=template_yaml(1, "nhs_trust, police", False), filename="v1.yaml"
    ).template
    new = template_load(
        by=None,
        content=template_yaml(2, "nhs_trust, police, school, youth_justice", True),
        filename="v2.yaml",
    ).template
    last = open_cycle(
        world, old, "Board audit 2025", date(2025, 9, 8), date(2025, 11, 28), ["nhs_trust", "police"]
    )
    cycle = open_cycle(
        world,
        new,
        "Board audit 2026",
        date(2026, 9, 7),
        date(2026, 11, 30),
        ["nhs_trust", "police", "school", "youth_justice"],
    )
    # Not last year: another partnership's cycle of the same audit, later but not ours.
    other = cycles.cycle_create(
        by=None,
        partnership=world.other_partnership,
        template=old,
        title="Other area 2026",
        opens_on=date(2026, 1, 5),
        closes_on=date(2026, 3, 30),
        audience_types=["nhs_trust"],
    )
    cycles.cycle_open(by=None, cycle=other)

    this_year = {
        sub.organisation.name: sub for sub in cycle.submissions.select_related("organisation", "cycle")
    }
    a, b = this_year["Agency A NHS Trust"], this_year["Agency B Youth Justice"]
    police, school, late = this_year["Test Constabulary"], this_year["Test School"], this_year["Late Trust"]
    answer(a, "s1", "green", "Our named lead reports to the board")
    answer(a, "s2", "amber", "Most staff are trained")
    answer(a, "s3", "red", '=HYPERLINK("http://evil.test") Supervision is patchy')
    answer(a, "s4", "green")
    answer(b, "s1", "green", "Board challenge is strong")
    answer(b, "s2", "red", "Waiting lists for training")
    answer(b, "s3", "na")
    answer(b, "s4", "amber")
    answer(police, "s1", "amber")
    answer(police, "s2", "red", "Training backlog")
    answer(police, "s3", "red")
    answer(police, "s4", "green")
    answer(school, "s1", "green", "Governors check the record")
    answer(school, "s2", "amber")
    answer(school, "s3", "amber")
    for key in ("s1", "s2", "s3", "s4"):
        answer(late, key, "red", "Words from a return not yet in")
    action(a, "s3", "Audit supervision", "Head of safeguarding", date(2027, 3, 31))
    action(police, "s2", "Train staff", "Training lead", date(2027, 1, 31))
    action(late, "s1", "Hidden action", "Nobody", date(2027, 1, 1))
    for sub in (a, b, school):
        set_status(sub, Submission.Status.SUBMITTED)
    set_status(police, Submission.Status.ACCEPTED)
    set_status(late, Submission.Status.IN_PROGRESS)

    before = {sub.organisation.name: sub for sub in last.submissions.select_related("organisation", "cycle")}
    answer(before["Agency A NHS Trust"], "s1", "amber")
    answer(before["Agency A NHS Trust"], "s2", "red")
    answer(before["Agency A NHS Trust"], "s3", "red")
    answer(before["Test Constabulary"], "s1", "red")
    answer(before["Test Constabulary"], "s2", "red")
    answer(before["Test Constabulary"], "s3", "amber")
    answer(before["Late Trust"], "s1", "green")
    set_status(before["Agency A NHS Trust"], Submission.Status.SUBMITTED)
    set_status(before["Test Constabulary"], Submission.Status.ACCEPTED)
    return Scene(cycle=cycle, last=last, returns=this_year)


def figures_of(cycle):
    return composite.distribution(cycle=cycle, standards=composite.standards_of(cycle=cycle))


def test_distribution_counts_levels_not_applicable_and_means_of_counted_returns_only(scene):
    rows = {f.standard.key: (f.counts, f.not_applicable, f.mean) for f in figures_of(scene.cycle)}
    # Green, amber, red; the late trust's four reds are not counted.
    assert rows == {
        "s1": ([3, 1, 0], 0, 2.75),
        "s2": ([0, 2, 2], 0, 1.5),
        "s3": ([0, 1, 2], 1, 1.33),
        "s4": ([2, 1, 0], 0, 2.67),
    }


def test_weakest_standards_are_the_training_needs(scene):
    needs = composite.training_needs(figures_of(scene.cycle), limit=3)
    assert [(f.standard.key, f.mean) for f in needs] == [("s3", 1.33), ("s2", 1.5), ("s4", 2.67)]


def test_heat_map_rows_are_organisations_and_cells_name_the_level(scene):
    standards = composite.standards_of(cycle=scene.cycle)
    page, rows = composite.heat_map(cycle=scene.cycle, standards=standards)
    labels = {row.organisation.name: [cell["label"] if cell else None for cell in row.cells] for row in rows}
    assert labels == {
        "Agency A NHS Trust": ["Green", "Amber", "Red", "Green"],
        "Agency B Youth Justice": ["Green", "Red", "Not applicable", "Amber"],
        "Test Constabulary": ["Amber", "Red", "Red", "Green"],
        "Test School": ["Green", "Amber", "Amber", None],
    }
    assert [row.mean for row in rows] == [2.25, 2.0, 1.75, 2.33]
    assert rows[0].cells[0]["colour"] == "green" and page.paginator.count == 4
    second, rows = composite.heat_map(cycle=scene.cycle, standards=standards, page_number=2, per_page=3)
    assert [row.organisation.name for row in rows] == ["Test School"] and second.number == 2


def test_sector_breakdown(scene):
    breakdown = composite.sector_breakdown(cycle=scene.cycle, figures=figures_of(scene.cycle))
    assert breakdown.sectors == [("Health", 1), ("Police", 1), ("Education", 1), ("Justice", 1)]
    assert {figure.standard.key: means for figure, means in breakdown.rows} == {
        "s1": [3.0, 2.0, 3.0, 3.0],
        "s2": [2.0, 1.0, 2.0, 1.0],
        "s3": [1.0, 1.0, 2.0, None],
        "s4": [3.0, 3.0, None, 2.0],
    }


def test_this_year_against_last_by_standard_key_and_by_organisation(scene):
    previous = composite.previous_cycle(cycle=scene.cycle)
    assert previous == scene.last
    rows = composite.standard_comparison(figures=figures_of(scene.cycle), previous=previous)
    assert [(r.figure.standard.key, r.figure.mean, r.last_year, r.change) for r in rows] == [
        ("s1", 2.75, 1.5, 1.25),
        ("s2", 1.5, 1.0, 0.5),
        ("s3", 1.33, 1.5, -0.17),
        ("s4", 2.67, None, None),
    ]
    page = composite.organisation_comparison(cycle=scene.cycle, previous=previous)
    means = {
        s.organisation.name: (round(s.this_year, 2), s.last_year and round(s.last_year, 2)) for s in page
    }
    assert means == {
        "Agency A NHS Trust": (2.25, 1.33),
        "Agency B Youth Justice": (2.0, None),
        "Test Constabulary": (1.75, 1.33),
        "Test School": (2.33, None),
    }
    assert composite.previous_cycle(cycle=scene.last) is None


def test_strengths_and_risks_quote_top_and_bottom_rated_standards_with_filters(scene):
    found = quotes.quotes(cycle=scene.cycle)
    assert [a.text for a in found.strengths] == [
        "Our named lead reports to the board",
        "Board challenge is strong",
        "Governors check the record",
    ]
    assert [a.text for a in found.risks] == [
        "Waiting lists for training",
        "Training backlog",
        '=HYPERLINK("http://evil.test") Supervision is patchy',
    ]
    assert (found.strength_count, found.risk_count) == (3, 3)
    first = quotes.quotes(cycle=scene.cycle, limit=1)
    assert [a.text for a in first.strengths] == ["Our named lead reports to the board"]
    assert (len(first.risks), first.strength_count, first.risk_count) == (1, 3, 3)
    health = quotes.quotes(cycle=scene.cycle, sector="Health")
    assert [a.text for a in health.strengths + health.risks] == [
        "Our named lead reports to the board",
        '=HYPERLINK("http://evil.test") Supervision is patchy',
    ]
    training = scene.cycle.template.standards.get(key="s2")
    by_standard = quotes.quotes(cycle=scene.cycle, standard_id=training.pk)
    assert by_standard.strengths == [] and by_standard.risk_count == 2


def test_action_plan_lists_counted_returns_actions_by_standard(scene):
    plan = [
        (a.standard.key, a.submission.organisation.name, a.what, a.lead, a.due_on)
        for a in composite.action_plan(cycle=scene.cycle)
    ]
    assert plan == [
        ("s2", "Test Constabulary", "Train staff", "Training lead", date(2027, 1, 31)),
        ("s3", "Agency A NHS Trust", "Audit supervision", "Head of safeguarding", date(2027, 3, 31)),
    ]


def composite_url(world, cycle, name="cycle_composite", **kwargs):
    return reverse(name, kwargs={"slug": world.partnership.slug, "cycle_id": cycle.pk, **kwargs})


def test_the_page_shows_every_section_to_a_partner(world, client_for, scene):
    response = client_for(world.users["partner_la"]).get(composite_url(world, scene.cycle))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Only returns that have been submitted or accepted are counted" in page
    assert "<strong>4 of 5</strong>" in page
    for heading in (
        "Summary",
        "Ratings by standard",
        "Each organisation's ratings",
        "By sector",
        "This year and last",
        "Strengths and risks",
        "Composite action plan",
        "Training needs",
    ):
        assert f">{heading}</h2>" in page, heading
    assert page.count('role="img"') == 2 and 'aria-labelledby="chart-distribution-title"' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Not applicable</strong>' in page
    assert "Words from a return not yet in" not in page and "Hidden action" not in page
    assert "&quot;http://evil.test&quot;" in page  # quoted text is escaped
    # Quotes open on the weakest standard; the filter offers the others, one at a time or all together.
    weakest = composite.training_needs(
        composite.distribution(cycle=scene.cycle, standards=composite.standards_of(cycle=scene.cycle)),
        limit=1,
    )[0]
    assert f"Quotes for standard {weakest.number}. {weakest.standard.title}, the weakest this year" in page
    partner = client_for(world.users["partner_la"])
    filtered = partner.get(composite_url(world, scene.cycle) + "?sector=Police&standard=all").content.decode()
    assert "Quotes for every standard" in filtered
    assert "Training backlog" in filtered and "Our named lead" not in filtered


def test_cycle_page_links_to_the_composite(world, client_for, scene):
    detail = reverse("cycle_detail", kwargs={"slug": world.partnership.slug, "cycle_id": scene.cycle.pk})
    assert (
        composite_url(world, scene.cycle)
        in client_for(world.users["business_team"]).get(detail).content.decode()
    )


@pytest.mark.parametrize("role", ["agency_a_lead", "agency_a_contributor", "other_business_team", "nobody"])
def test_the_page_is_404_outside_the_partnership_wide_roles(world, client_for, scene, role):
    client = client_for(world.users[role])
    assert client.get(composite_url(world, scene.cycle)).status_code == 404
    other = reverse("cycle_composite", kwargs={"slug": "other", "cycle_id": scene.cycle.pk})
    assert client.get(other).status_code == 404


def test_charts_escape_text_and_keep_readable_colours():
    levels = [{"label": "<b>Good</b>", "colour": "green"}, {"label": "Poor", "colour": "red"}]
    svg = charts.distribution_chart(
        chart_id="c", title="T & <i>", levels=levels, rows=[{"label": "<script>x</script>", "counts": [2, 1]}]
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c-title"' in svg
    assert (
        "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg and "T &amp; &lt;i&gt;" in svg
    )

    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(one, two):
        high, low = sorted((luminance(one), luminance(two)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    for text, background in charts.TAG_COLOURS.values():
        assert contrast(text, background) >= 4.5 and contrast(text, "#ffffff") >= 3
    for colour in (charts.THIS_YEAR, charts.LAST_YEAR, charts.TEXT):
        assert contrast(colour, "#ffffff") >= 4.5


def grow_returns(world, cycle, first: int, count: int):
    def grow():
        for i in range(first, first + count):
            org = factories.organisation(
                world.partnership, f"Grown Trust {i:03d}", type=Organisation.Type.NHS_TRUST
            )
            submission = Submission.objects.create(
                cycle=cycle, organisation=org, due_on=cycle.closes_on, status=Submission.Status.SUBMITTED
            )
            submission.cycle = cycle
            for key, rating in (("s1", "green"), ("s2", "red"), ("s3", "amber"), ("s4", "na")):
                answer(submission, key, rating, f"Text {i} for {key}")
            action(submission, "s2", f"Action {i}", "Lead", date(2027, 2, 1))

    return grow


def test_page_queries_do_not_grow_with_returns(world, client_for, scene):
    cycle = scene.cycle
    # Three counted returns to start with (the fourth, the school, is put back to in progress).
    set_status(scene.returns["Test School"], Submission.Status.IN_PROGRESS)
    grow = grow_returns(world, cycle, 0, 37)
    assert_flat(client_for(world.users["business_team"]), composite_url(world, cycle), grow, bound=30)
    assert composite.counted_submissions(cycle=cycle).count() == 40
