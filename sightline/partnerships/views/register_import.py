"""Importing the organisation register from a file: upload, check the preview, confirm. The uploaded bytes
are held in a RegisterImport between the two steps; confirming parses them again rather than trusting
anything the preview page sent back."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from ..importing import Outcome, plan_import
from ..importing.selectors import register_import_for
from ..importing.service import register_import_apply, register_import_stage
from ..models import Organisation
from ..models_import import RegisterImport

# Problems listed on a page; a file with more gets the count and the first of them.
PROBLEMS_SHOWN = 200
SKIPPED_SHOWN = 200

OUTCOME_TAGS = {
    Outcome.CREATE: ("Add", "green"),
    Outcome.UPDATE: ("Update", "blue"),
    Outcome.UNCHANGED: ("No change", "grey"),
    Outcome.CLOSE: ("Close", "orange"),
    Outcome.SKIP: ("Skip", "grey"),
}


class RegisterImportForm(forms.Form):
    format = forms.ChoiceField(
        label="What kind of file is it?",
        choices=RegisterImport.Format.choices,
        widget=forms.RadioSelect,
        help_text="The GIAS extract is the establishments file downloaded from Get Information About "
        "Schools. The Sightline CSV has the columns of the register download.",
        error_messages={"required": "Choose what kind of file it is"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file",
        error_messages={
            "required": "Choose the file to import",
            "empty": "The selected file is empty: choose a CSV file with a row for each organisation",
            "invalid": "Choose the file to import",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.REGISTER_IMPORT_MAX_BYTES
        if upload.size > limit:
            # Refused on its size alone, before it is read into memory.
            raise forms.ValidationError(
                f"The selected file must be smaller than {limit / (1024 * 1024):.1f} MB: import an extract "
                "for your local authority only, or split the file"
            )
        return upload


class ConfirmImportForm(forms.Form):
    """No fields: the import to apply is named by the URL and its content is read from the database."""


@partnership_view("partnerships.manage_register")
@creates
@require_http_methods(["GET", "POST"])
def organisation_import(request):
    partnership = request.partnership
    posted = request.method == "POST"
    form = RegisterImportForm(request.POST if posted else None, request.FILES if posted else None)
    problems = []
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = plan_import(partnership=partnership, format=form.cleaned_data["format"], content=content)
        if plan.ok:
            staged = register_import_stage(
                by=request.user,
                partnership=partnership,
                format=form.cleaned_data["format"],
                filename=upload.name or "",
                content=content,
            )
            return redirect("organisation_import_preview", slug=partnership.slug, import_id=staged.pk)
        problems = plan.problems
        form.add_error("file", _problems_error(len(problems)))
    context = {"form": form, "problems": problems[:PROBLEMS_SHOWN], "problem_count": len(problems)}
    return TemplateResponse(request, "partnerships/organisations/import_upload.html", context)


@partnership_view("partnerships.manage_register")
@require_http_methods(["GET", "POST"])
def organisation_import_preview(request, import_id):
    partnership = request.partnership
    staged = register_import_for(partnership=partnership, import_id=import_id)
    if staged is None:
        raise Http404
    if staged.applied_at is not None:
        if request.method == "POST":
            messages.error(request, "This file has already been imported: upload it again to import it again")
            return redirect("organisation_import_preview", slug=partnership.slug, import_id=staged.pk)
        return TemplateResponse(
            request, "partnerships/organisations/import_preview.html", {"staged": staged, "applied": True}
        )
    # Parsed afresh on every request: what is applied is the stored file, matched to the register as it is.
    plan = plan_import(partnership=partnership, format=staged.format, content=bytes(staged.content))
    form = ConfirmImportForm(request.POST if request.method == "POST" else {})
    form.is_valid()
    if not plan.ok:
        form.add_error(None, _problems_error(len(plan.problems)))
    elif request.method == "POST":
        try:
            summary = register_import_apply(
                by=request.user, partnership=partnership, plan=plan, staged=staged
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{staged.filename or 'The file'} imported: {_describe(summary)}")
            return redirect("organisation_list", slug=partnership.slug)
    rows = [_display(row) for row in plan.rows if row.outcome != Outcome.SKIP]
    skipped = [_display(row) for row in plan.rows if row.outcome == Outcome.SKIP]
    context = {
        "staged": staged,
        "form": form,
        "rows": rows,
        "skipped": skipped[:SKIPPED_SHOWN],
        "skipped_count": len(skipped),
        "counts": plan.counts(),
        "ok": plan.ok,
        "new_trusts": sorted(plan.new_trusts.values()),
        "problems": plan.problems[:PROBLEMS_SHOWN],
        "problem_count": len(plan.problems),
    }
    return TemplateResponse(request, "partnerships/organisations/import_preview.html", context)


def _display(row) -> dict:
    label, colour = OUTCOME_TAGS.get(row.outcome, ("", ""))
    detail = row.skip_reason or ", ".join(row.changes)
    if row.outcome == Outcome.UPDATE or (row.outcome == Outcome.CLOSE and row.organisation_id):
        detail = f"Changes: {detail}" if detail else ""
    type_label = Organisation.Type(row.type).label if row.type in Organisation.Type.values else ""
    return {
        "row": row.row,
        "urn": row.urn or "",
        "name": row.name,
        "type": type_label,
        "outcome": label,
        "colour": colour,
        "detail": detail,
        "trust": row.parent_name,
    }


def _problems_error(count: int) -> str:
    plural = "s" if count != 1 else ""
    return f"The file has {count} problem{plural}, listed below: correct the file and upload it again"


def _describe(summary: dict) -> str:
    return (
        f"{summary['created']} added, {summary['updated']} updated, {summary['closed']} closed, "
        f"{summary['trusts']} academy trusts added"
    )
