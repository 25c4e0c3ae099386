"""A row lock taken with select_related must name the rows it locks.

On PostgreSQL, `select_for_update()` without `of=` locks every joined row too. Joining shared rows (a template's
questions, a partnership, a user) then takes a FOR UPDATE lock on them, which blocks the foreign-key checks of
every other transaction that refers to them; with the audit chain's head locked last in each transaction, that was
a deadlock under load (found by `make drills`). So a locking query that joins must lock only what it means to."""

import ast
from pathlib import Path

import sightline

SOURCE = Path(sightline.__file__).parent


def _chain_methods(node: ast.AST) -> list[ast.Call]:
    """The calls of a method chain like `X.objects.select_for_update().filter(...).select_related(...)`."""
    calls = []
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        if isinstance(node, ast.Call):
            calls.append(node)
            node = node.func
        else:
            node = node.value
    return calls


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def locks_that_join_without_of() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        outermost = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            for inner in _chain_methods(node)[1:]
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in outermost:
                continue
            calls = _chain_methods(node)
            names = {_name(call): call for call in calls}
            lock = names.get("select_for_update")
            if lock is None or "select_related" not in names:
                continue
            if not any(keyword.arg == "of" for keyword in lock.keywords):
                found.append(f"{path.relative_to(SOURCE.parent)}:{lock.lineno}")
    return found


def test_every_row_lock_that_joins_names_the_rows_it_locks():
    assert locks_that_join_without_of() == []


def test_the_check_finds_a_lock_that_joins(tmp_path, monkeypatch):
    package = tmp_path / "sightline"
    package.mkdir()
    (package / "bad.py").write_text(
        "def f():\n    return Answer.objects.select_for_update().filter(x=1).select_related('question')\n"
    )
    (package / "good.py").write_text(
        "def f():\n    return Answer.objects.select_for_update(of=('self',)).select_related('question')\n"
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["SOURCE"]), "SOURCE", package)
    assert locks_that_join_without_of() == ["sightline/bad.py:2"]
