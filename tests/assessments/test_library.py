"""The template library: files are checked whole, problems name the line and field, versions never change."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sightline.assessments.library import parse_template
from sightline.assessments.models import Question, Template
from sightline.assessments.services import TemplateRefused, template_load
from sightline.audit.models import AuditEvent

GOOD = """\
key: tiny-audit
version: 1
title: A tiny audit
kind: section11
audience: [nhs_trust, police]
source: Made up for tests
scale:
  key: rag
  allow_not_applicable: false
  levels:
    - {value: green, label: Green, meaning: Exceeds, colour: green, score: 3}
    - {value: amber, label: Amber, meaning: Meets, colour: yellow, score: 2}
    - {value: red, label: Red, meaning: Below, colour: red, score: 1}
sections:
  - key: leadership
    title: Leadership
    standards:
      - key: s1
        title: A named lead
        guidance: Who leads.
        good_evidence: A job description.
        source: Made up
        questions:
          - key: s1-lead
            text: Is there a named lead?
            kind: yes_no_partly
          - key: s1-detail
            text: Describe how the lead is held to account
            kind: text
            show_if: {question: s1-lead, in: [yes, partly]}
          - key: s1-checks
            text: Which of these are in place?
            kind: multiple_choice
            required: false
            choices:
              - {value: policy, label: A written policy}
              - {value: training, label: Training}
          - key: s1-rating
            text: How well do you meet this standard?
            kind: rating
"""


def test_a_good_file_has_no_problems():
    parsed = parse_template(GOOD)
    assert parsed.problems == [] and parsed.data["key"] == "tiny-audit"


@pytest.mark.parametrize(
    "old,new,line,fragment",
    [
        ("kind: yes_no_partly", "kind: yes_maybe", 26, "'yes_maybe' is not a question kind"),
        ("key: s1-detail", "key: s1-lead", 27, "used twice"),
        ("in: [yes, partly]", "in: [perhaps]", 30, "'perhaps' is not an answer to 's1-lead'"),
        (
            "question: s1-lead, in",
            "question: s1-rating, in",
            30,
            "not an earlier question of the same standard",
        ),
        (
            "audience: [nhs_trust, police]",
            "audience: [nhs_trust, spaceport]",
            5,
            "'spaceport' is not an organisation type",
        ),
        ("colour: yellow", "colour: mauve", 12, "'mauve' is not a tag colour"),
        ("version: 1", "version: one", 2, "'version' must be a whole number"),
        ("        source: Made up\n", "", 18, "'source' is required"),
        ("key: leadership", "key: Leadership!", 15, "not a valid key"),
    ],
)
def test_each_problem_names_its_line_and_field(old, new, line, fragment):
    assert old in GOOD
    problems = parse_template(GOOD.replace(old, new)).problems
    described = [problem.describe("tiny.yaml") for problem in problems]
    assert any(fragment in text and f"line {line}," in text for text in described), described


def test_not_yaml_at_all():
    problems = parse_template("key: [unclosed\n  title: x").problems
    assert problems and "not valid YAML" in problems[0].message and problems[0].line


def test_binary_and_oversized_files_are_refused():
    assert "not UTF-8" in parse_template(b"\xff\xfe\x00k\x00e").problems[0].message
    assert "larger than 1 MB" in parse_template(b"x" * (1024 * 1024 + 1)).problems[0].message


def test_loading_stores_rows_and_an_audit_event(db):
    outcome = template_load(by=None, content=GOOD, filename="tiny.yaml")
    template = outcome.template
    assert outcome.created and template.sections.count() == 1 and template.standards.count() == 1
    assert list(template.questions.values_list("key", flat=True)) == [
        "s1-lead",
        "s1-detail",
        "s1-checks",
        "s1-rating",
    ]
    assert Question.objects.get(key="s1-detail").show_if == {"question": "s1-lead", "in": ["yes", "partly"]}
    assert [level["score"] for level in template.levels] == [3, 2, 1]
    assert AuditEvent.objects.filter(verb="template.loaded", target_id=str(template.pk)).exists()


def test_loading_the_same_file_again_changes_nothing(db):
    template_load(by=None, content=GOOD, filename="tiny.yaml")
    again = template_load(by=None, content=GOOD, filename="tiny.yaml")
    assert not again.created and Template.objects.count() == 1


def test_a_loaded_version_never_changes(db):
    template_load(by=None, content=GOOD, filename="tiny.yaml")
    with pytest.raises(TemplateRefused, match="raise 'version'"):
        template_load(
            by=None, content=GOOD.replace("A named lead", "A different title"), filename="tiny.yaml"
        )
    assert Template.objects.get().standards.get().title == "A named lead"
    bumped = template_load(
        by=None,
        content=GOOD.replace("A named lead", "A different title").replace("version: 1", "version: 2"),
        filename="tiny-v2.yaml",
    )
    assert bumped.created and Template.objects.count() == 2


def test_command_is_all_or_nothing(db, tmp_path):
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD)
    bad.write_text(GOOD.replace("tiny-audit", "other-audit").replace("kind: rating", "kind: stars"))
    with pytest.raises(CommandError, match=r"bad\.yaml, line \d+, .*'stars' is not a question kind"):
        call_command("load_templates", str(good), str(bad))
    assert not Template.objects.exists()
    call_command("load_templates", str(good))
    assert Template.objects.count() == 1


def test_the_library_loads(db):
    library = sorted((Path(__file__).resolve().parents[2] / "library").glob("*.yaml"))
    assert len(library) >= 3
    call_command("load_templates")
    kinds = set(Template.objects.values_list("kind", flat=True))
    assert {"section11", "schools", "early_years"} <= kinds
    scales = {template.kind: template.scale["key"] for template in Template.objects.all()}
    assert len({scales["section11"], scales["schools"], scales["early_years"]}) == 3
