"""A draft's recommendations (added, changed and removed by the author), the addressees' responses, the ISO's
judgement of each, and the "Recommendations to answer" page of an organisation's lead or a delegated partner."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from ..models import RecommendationResponse
from ..reports import recommendations, responses, selectors
from ..reports.forms import MAX_ACTION_ROWS, JudgementForm, RecommendationForm, ResponseForm, rows_asked
from . import posted
from .reports import posted_version, report_or_404, require, to_report

Answer = RecommendationResponse.Answer
Judgement = RecommendationResponse.Judgement
LIST_LIMIT = 200


def _draft_or_back(request, report):
    """The author's draft, or a redirect to the report with why not."""
    require(request, "scrutiny.edit_report", report)
    if not report.is_draft:
        messages.error(request, "This report has been issued: its recommendations can no longer change")
        return to_report(request, report)
    return None


def _recommendation_form(request, report, **kwargs) -> RecommendationForm:
    return RecommendationForm(
        posted(request),
        organisations=selectors.addressee_choices(partnership=request.partnership),
        today=timezone.localdate(),
        **kwargs,
    )


@partnership_view("scrutiny.write_reports")
@creates
@require_http_methods(["GET", "POST"])
def iso_recommendation_add(request, report_id):
    report = report_or_404(request, report_id)
    if (back := _draft_or_back(request, report)) is not None:
        return back
    form = _recommendation_form(request, report)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = recommendations.recommendation_add(
                by=request.user, report=report, version=posted_version(request), **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Recommendation {recommendation.number} added")
            return to_report(request, report, "recommendations")
    return TemplateResponse(
        request,
        "scrutiny/reports/recommendation_form.html",
        {"form": form, "report": report, "recommendation": None},
    )


def _recommendation_or_404(report, recommendation_id):
    recommendation = selectors.recommendation_of(report=report, recommendation_id=recommendation_id)
    if recommendation is None:
        raise Http404
    return recommendation


@partnership_view("scrutiny.write_reports")
@require_http_methods(["GET", "POST"])
def iso_recommendation_edit(request, report_id, recommendation_id):
    report = report_or_404(request, report_id)
    if (back := _draft_or_back(request, report)) is not None:
        return back
    recommendation = _recommendation_or_404(report, recommendation_id)
    initial = {
        "text": recommendation.text,
        "respond_by": recommendation.respond_by,
        "addressees": [response.organisation_id for response in recommendation.responses.all()],
    }
    form = _recommendation_form(request, report, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recommendations.recommendation_update(
                by=request.user,
                recommendation=recommendation,
                version=posted_version(request),
                **form.cleaned_data,
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Recommendation {recommendation.number} saved")
            return to_report(request, report, "recommendations")
    return TemplateResponse(
        request,
        "scrutiny/reports/recommendation_form.html",
        {"form": form, "report": report, "recommendation": recommendation},
    )


@require_POST
@partnership_view("scrutiny.write_reports")
def iso_recommendation_remove(request, report_id, recommendation_id):
    report = report_or_404(request, report_id)
    if (back := _draft_or_back(request, report)) is not None:
        return back
    recommendation = _recommendation_or_404(report, recommendation_id)
    try:
        recommendations.recommendation_remove(
            by=request.user, recommendation=recommendation, version=posted_version(request)
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Recommendation {recommendation.number} removed")
    return to_report(request, report, "recommendations")


def _response_or_404(report, response_id) -> RecommendationResponse:
    response = selectors.response_of(report=report, response_id=response_id)
    if response is None:
        raise Http404
    return response


def _to_answer(request):
    return redirect("recommendations_to_answer", slug=request.partnership.slug)


def _response_initial(response: RecommendationResponse) -> dict:
    if not response.is_answered and not response.reasons:
        return {}
    return {"answer": response.answer if response.is_answered else "", "reasons": response.reasons}


@partnership_view("scrutiny.answer_recommendations")
@creates
@require_http_methods(["GET", "POST"])
def iso_response_answer(request, report_id, response_id):
    report = report_or_404(request, report_id)
    response = _response_or_404(report, response_id)
    require(request, "scrutiny.answer_response", response)
    if response.judgement == Judgement.SUFFICIENT:
        messages.info(
            request, "The independent scrutiny officer has judged this response sufficient: it is settled"
        )
        return to_report(request, report, "recommendations")
    rows = rows_asked(request.POST if request.method == "POST" else None)
    if request.method == "POST" and "add_action" in request.POST:
        # Another row for an action: the page comes back with what was typed, nothing saved and no errors yet.
        form = ResponseForm(initial=request.POST.dict(), rows=rows)
    else:
        form = ResponseForm(posted(request), initial=_response_initial(response), rows=rows)
        if request.method == "POST" and form.is_valid():
            try:
                responses.response_answer(
                    by=request.user,
                    response=response,
                    version=posted_version(request),
                    answer=form.cleaned_data["answer"],
                    reasons=form.cleaned_data["reasons"],
                    actions=form.new_actions(),
                )
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"The response of {response.organisation.name} to recommendation "
                    f"{response.recommendation.number} is saved. The independent scrutiny officer will say whether "
                    "it is sufficient.",
                )
                return _to_answer(request)
    return TemplateResponse(
        request,
        "scrutiny/reports/answer.html",
        {
            "form": form,
            "report": report,
            "response": response,
            "recommendation": response.recommendation,
            "existing_actions": list(response.actions.all()),
            "can_add_row": form.rows < MAX_ACTION_ROWS,
        },
    )


@partnership_view("scrutiny.write_reports")
@require_http_methods(["GET", "POST"])
def iso_response_judge(request, report_id, response_id):
    report = report_or_404(request, report_id)
    response = _response_or_404(report, response_id)
    require(request, "scrutiny.judge_response", report)
    if not response.is_answered or response.judgement:
        messages.info(
            request,
            "This response has already been judged"
            if response.judgement
            else f"{response.organisation.name} has not answered yet: there is nothing to judge",
        )
        return to_report(request, report, "recommendations")
    form = JudgementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            responses.response_judge(
                by=request.user, response=response, version=posted_version(request), **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Judgement recorded: the response of {response.organisation.name} is "
                + (
                    "sufficient"
                    if form.cleaned_data["judgement"] == Judgement.SUFFICIENT
                    else "not sufficient, and it is open for a new response"
                ),
            )
            return to_report(request, report, "recommendations")
    return TemplateResponse(
        request,
        "scrutiny/reports/judge.html",
        {
            "form": form,
            "report": report,
            "response": response,
            "recommendation": response.recommendation,
            "actions": list(response.actions.all()),
        },
    )


@partnership_view("scrutiny.answer_recommendations")
@require_GET
def recommendations_to_answer(request):
    today = timezone.localdate()
    mine = selectors.responses_to_answer(user=request.user, partnership=request.partnership)
    awaiting = list(mine.filter(answer=Answer.AWAITED)[:LIST_LIMIT])
    answered = list(mine.exclude(answer=Answer.AWAITED).order_by("-responded_at")[:LIST_LIMIT])
    return TemplateResponse(
        request,
        "scrutiny/reports/to_answer.html",
        {"awaiting": awaiting, "answered": answered, "today": today},
    )
