"""Reading and checking template files (docs/templates.md). Nothing here writes: `services.template_load`
stores a template only after `parse_template` has found no problem in it."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml

from sightline.partnerships.models import Organisation

KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
KINDS = {"section11", "schools", "early_years", "case_audit"}
QUESTION_KINDS = {
    "rating",
    "yes_no_partly",
    "yes_no",
    "single_choice",
    "multiple_choice",
    "text",
    "number",
    "date",
    "evidence",
}
TAG_COLOURS = {
    "green",
    "yellow",
    "orange",
    "red",
    "grey",
    "blue",
    "purple",
    "pink",
    "turquoise",
    "light-blue",
}
FIXED_VALUES = {"yes_no_partly": ["yes", "no", "partly"], "yes_no": ["yes", "no"]}
MAX_BYTES = 1024 * 1024


@dataclass
class Problem:
    path: str
    line: int | None
    message: str

    def describe(self, filename: str) -> str:
        where = f"{filename}, line {self.line}" if self.line else filename
        return f"{where}, {self.path or 'the file'}: {self.message}"


@dataclass
class ParsedTemplate:
    data: dict
    checksum: str
    problems: list[Problem] = field(default_factory=list)


class TemplateLoader(yaml.SafeLoader):
    """YAML as version 1.2 reads it: only true and false are booleans, so an answer value written `yes`, `no`,
    `on` or `off` stays the word it looks like."""


TemplateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
TemplateLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _line_map(node, path=(), lines=None) -> dict:
    """{path tuple: line number} for every node of a composed YAML document."""
    lines = {} if lines is None else lines
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _line_map(value_node, (*path, key_node.value), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), lines)
    return lines


def _path_text(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class _Checker:
    def __init__(self, lines: dict):
        self.lines = lines
        self.problems: list[Problem] = []

    def fail(self, path: tuple, message: str) -> None:
        line = None
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                line = self.lines[path[:cut]]
                break
        self.problems.append(Problem(_path_text(path), line, message))

    def need(self, mapping: dict, name: str, path: tuple, kind=str) -> object:
        value = mapping.get(name)
        if value is None or (kind is str and not str(value).strip()):
            self.fail((*path, name), f"'{name}' is required")
            return None
        if not isinstance(value, kind):
            self.fail((*path, name), f"'{name}' must be {_kind_name(kind)}")
            return None
        return value

    def key(self, mapping: dict, path: tuple, seen: set | None = None) -> str | None:
        value = self.need(mapping, "key", path)
        if value is None:
            return None
        if not KEY.match(str(value)):
            self.fail(
                (*path, "key"), f"'{value}' is not a valid key: use lower-case letters, digits and hyphens"
            )
        elif seen is not None:
            if value in seen:
                self.fail(
                    (*path, "key"), f"the key '{value}' is used twice: keys must be unique in the template"
                )
            seen.add(value)
        return value


def _kind_name(kind) -> str:
    return {str: "text", int: "a whole number", list: "a list", dict: "a mapping", bool: "true or false"}.get(
        kind, str(kind)
    )


def parse_template(text: bytes | str) -> ParsedTemplate:
    """Parse and check one template file. Problems name the field and line; the data is usable only if none."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            return ParsedTemplate({}, "", [Problem("", None, "the file is larger than 1 MB")])
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return ParsedTemplate({}, "", [Problem("", None, "the file is not UTF-8 text")])
    try:
        node = yaml.compose(text, Loader=TemplateLoader)
        data = yaml.load(text, Loader=TemplateLoader)  # noqa: S506 - TemplateLoader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        return ParsedTemplate(
            {}, "", [Problem("", mark.line + 1 if mark else None, f"not valid YAML: {reason}")]
        )
    if not isinstance(data, dict):
        return ParsedTemplate(
            {}, "", [Problem("", 1, "the file must be a YAML mapping with key, version, …")]
        )
    checker = _Checker(_line_map(node))
    _check_top(checker, data)
    checksum = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return ParsedTemplate(data, checksum, checker.problems)


def _check_top(c: _Checker, data: dict) -> None:
    c.key(data, ())
    version = c.need(data, "version", (), int)
    if isinstance(version, int) and (isinstance(version, bool) or version < 1):
        c.fail(("version",), "'version' must be a whole number, 1 or more")
    c.need(data, "title", ())
    kind = c.need(data, "kind", ())
    if kind is not None and kind not in KINDS:
        c.fail(("kind",), f"'{kind}' is not a template kind: use one of {', '.join(sorted(KINDS))}")
    audience = c.need(data, "audience", (), list)
    for index, value in enumerate(audience or []):
        if value not in Organisation.Type.values:
            c.fail(("audience", index), f"'{value}' is not an organisation type")
    scale_values = _check_scale(c, data.get("scale"))
    sections = c.need(data, "sections", (), list)
    if sections == []:
        c.fail(("sections",), "a template needs at least one section")
    seen: set = set()
    for s_index, section in enumerate(sections or []):
        path = ("sections", s_index)
        if not isinstance(section, dict):
            c.fail(path, "each section must be a mapping with key, title and standards")
            continue
        c.key(section, path, seen)
        c.need(section, "title", path)
        standards = c.need(section, "standards", path, list)
        if standards == []:
            c.fail((*path, "standards"), "a section needs at least one standard")
        for t_index, standard in enumerate(standards or []):
            _check_standard(c, standard, (*path, "standards", t_index), seen, scale_values)


def _check_scale(c: _Checker, scale) -> list[str]:
    if not isinstance(scale, dict):
        c.fail(("scale",), "'scale' is required: a mapping with key and levels")
        return []
    c.key(scale, ("scale",))
    if not isinstance(scale.get("allow_not_applicable", False), bool):
        c.fail(("scale", "allow_not_applicable"), "'allow_not_applicable' must be true or false")
    levels = c.need(scale, "levels", ("scale",), list)
    values: list[str] = []
    for index, level in enumerate(levels or []):
        path = ("scale", "levels", index)
        if not isinstance(level, dict):
            c.fail(path, "each level must be a mapping with value, label, meaning, colour and score")
            continue
        value = c.need(level, "value", path, (str, int))
        c.need(level, "label", path)
        c.need(level, "meaning", path)
        colour = c.need(level, "colour", path)
        if colour is not None and colour not in TAG_COLOURS:
            c.fail(
                (*path, "colour"),
                f"'{colour}' is not a tag colour: use one of {', '.join(sorted(TAG_COLOURS))}",
            )
        c.need(level, "score", path, int)
        if value is not None:
            if str(value) in values:
                c.fail((*path, "value"), f"the level '{value}' is listed twice")
            values.append(str(value))
    if levels is not None and len(values) < 2:
        c.fail(("scale", "levels"), "a scale needs at least two levels")
    return values


def _check_standard(c: _Checker, standard, path: tuple, seen: set, scale_values: list[str]) -> None:
    if not isinstance(standard, dict):
        c.fail(path, "each standard must be a mapping with key, title and questions")
        return
    c.key(standard, path, seen)
    c.need(standard, "title", path)
    c.need(standard, "source", path)
    questions = c.need(standard, "questions", path, list)
    if questions == []:
        c.fail((*path, "questions"), "a standard needs at least one question")
    values_by_key: dict[str, list[str]] = {}
    for index, question in enumerate(questions or []):
        q_path = (*path, "questions", index)
        if not isinstance(question, dict):
            c.fail(q_path, "each question must be a mapping with key, text and kind")
            continue
        key = c.key(question, q_path, seen)
        c.need(question, "text", q_path)
        kind = c.need(question, "kind", q_path)
        if kind is not None and kind not in QUESTION_KINDS:
            c.fail(
                (*q_path, "kind"),
                f"'{kind}' is not a question kind: use one of {', '.join(sorted(QUESTION_KINDS))}",
            )
        if "required" in question and not isinstance(question["required"], bool):
            c.fail((*q_path, "required"), "'required' must be true or false")
        values = _check_choices(c, question, q_path, kind, scale_values)
        _check_show_if(c, question, q_path, values_by_key)
        if key:
            values_by_key[key] = values


def _check_choices(c: _Checker, question: dict, path: tuple, kind, scale_values: list[str]) -> list[str]:
    if kind in ("single_choice", "multiple_choice"):
        choices = c.need(question, "choices", path, list)
        values = []
        for index, choice in enumerate(choices or []):
            if not isinstance(choice, dict) or not choice.get("value") or not choice.get("label"):
                c.fail((*path, "choices", index), "each choice needs a value and a label")
                continue
            if str(choice["value"]) in values:
                c.fail((*path, "choices", index), f"the choice '{choice['value']}' is listed twice")
            values.append(str(choice["value"]))
        if choices is not None and not values:
            c.fail((*path, "choices"), "list at least one choice")
        return values
    if "choices" in question:
        c.fail((*path, "choices"), f"a '{kind}' question takes no choices")
    if kind == "number":
        for bound in ("min", "max"):
            if bound in question:
                try:
                    Decimal(str(question[bound]))
                except InvalidOperation:
                    c.fail((*path, bound), f"'{bound}' must be a number")
    if kind == "rating":
        return scale_values
    return FIXED_VALUES.get(kind, [])


def _check_show_if(c: _Checker, question: dict, path: tuple, earlier: dict[str, list[str]]) -> None:
    rule = question.get("show_if")
    if rule is None:
        return
    if not isinstance(rule, dict) or set(rule) != {"question", "in"} or not isinstance(rule["in"], list):
        c.fail((*path, "show_if"), "'show_if' must be {question: KEY, in: [VALUE, …]}")
        return
    target = rule["question"]
    if target not in earlier:
        c.fail((*path, "show_if", "question"), f"'{target}' is not an earlier question of the same standard")
        return
    allowed = earlier[target]
    for index, value in enumerate(rule["in"]):
        if allowed and str(value) not in allowed:
            c.fail((*path, "show_if", "in", index), f"'{value}' is not an answer to '{target}'")
