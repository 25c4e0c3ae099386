"""Loading assessment templates into the library."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from sightline.audit import services as audit
from sightline.core.errors import TransitionError

from .library import ParsedTemplate, parse_template
from .models import Question, Section, Standard, Template


@dataclass(frozen=True)
class LoadOutcome:
    template: Template
    created: bool


class TemplateRefused(TransitionError):
    """A template file that cannot be loaded; `problems` says where and why."""

    def __init__(self, filename: str, problems: list[str]):
        super().__init__(f"{filename} was not loaded: " + "; ".join(problems))
        self.problems = problems


def template_check(*, content: bytes | str, filename: str) -> ParsedTemplate:
    """Parse and check a file, and refuse a changed copy of a version already in the library."""
    parsed = parse_template(content)
    problems = [problem.describe(filename) for problem in parsed.problems]
    if not problems:
        existing = Template.objects.filter(key=parsed.data["key"], version=parsed.data["version"]).first()
        if existing is not None and existing.checksum != parsed.checksum:
            problems.append(
                f"{filename}: version {existing.version} of '{existing.key}' is already in the library with "
                "different content, and a loaded version never changes: raise 'version' to make a new one"
            )
    if problems:
        raise TemplateRefused(filename, problems)
    return parsed


@transaction.atomic
def template_load(*, by, content: bytes | str, filename: str) -> LoadOutcome:
    """Store one template version with its sections, standards and questions. Loading an unchanged file again
    changes nothing; a bad file is refused whole, with each problem's line and field."""
    parsed = template_check(content=content, filename=filename)
    data = parsed.data
    existing = Template.objects.filter(key=data["key"], version=data["version"]).first()
    if existing is not None:
        return LoadOutcome(existing, created=False)
    template = Template.objects.create(
        key=data["key"],
        version=data["version"],
        kind=data["kind"],
        title=data["title"].strip(),
        summary=str(data.get("summary", "")).strip(),
        source=str(data.get("source", "")).strip(),
        audience=list(data["audience"]),
        scale=_scale(data["scale"]),
        checksum=parsed.checksum,
        source_file=filename,
    )
    order = 0
    for s_order, section_data in enumerate(data["sections"]):
        section = Section.objects.create(
            template=template, key=section_data["key"], title=section_data["title"].strip(), order=s_order
        )
        for standard_data in section_data["standards"]:
            order += 1
            standard = Standard.objects.create(
                template=template,
                section=section,
                key=standard_data["key"],
                title=standard_data["title"].strip(),
                guidance=str(standard_data.get("guidance", "")).strip(),
                good_evidence=str(standard_data.get("good_evidence", "")).strip(),
                source=str(standard_data["source"]).strip(),
                order=order,
            )
            Question.objects.bulk_create(
                [
                    _question(template, standard, q, order * 100 + index)
                    for index, q in enumerate(standard_data["questions"])
                ]
            )
    audit.record(
        actor=by,
        verb="template.loaded",
        target=template,
        changes={"key": template.key, "version": template.version, "file": filename},
    )
    return LoadOutcome(template, created=True)


def _scale(scale: dict) -> dict:
    return {
        "key": scale["key"],
        "allow_not_applicable": bool(scale.get("allow_not_applicable", False)),
        "levels": [
            {
                "value": str(level["value"]),
                "label": level["label"],
                "meaning": level["meaning"],
                "colour": level["colour"],
                "score": level["score"],
            }
            for level in scale["levels"]
        ],
    }


def _question(template: Template, standard: Standard, data: dict, order: int) -> Question:
    return Question(
        template=template,
        standard=standard,
        key=data["key"],
        text=str(data["text"]).strip(),
        hint=str(data.get("hint", "")).strip(),
        kind=data["kind"],
        required=data.get("required", True),
        choices=[{"value": str(c["value"]), "label": c["label"]} for c in data.get("choices", [])],
        show_if={"question": data["show_if"]["question"], "in": [str(v) for v in data["show_if"]["in"]]}
        if data.get("show_if")
        else {},
        minimum=Decimal(str(data["min"])) if "min" in data else None,
        maximum=Decimal(str(data["max"])) if "max" in data else None,
        order=order,
    )
