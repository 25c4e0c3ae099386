"""The reviews register: the list with each case's deadlines, recording a case, its page, and editing it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sightline.core.access import partnership_view
from sightline.core.errors import EditConflict, TransitionError
from sightline.core.once import creates

from .. import reviews, selectors
from ..forms_reviews import ReviewForm, review_initial


def _review_or_404(request, review_id):
    review = selectors.review_for(partnership=request.partnership, review_id=review_id)
    if review is None:
        raise Http404
    return review


@partnership_view("improvement.view_reviews")
@require_GET
def review_list(request):
    page = Paginator(selectors.reviews_of(partnership=request.partnership), 50).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "improvement/reviews/list.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "can_manage": request.user.has_perm("improvement.manage_reviews", request.partnership),
        },
    )


@partnership_view("improvement.manage_reviews")
@creates
@require_http_methods(["GET", "POST"])
def review_create(request):
    form = ReviewForm(request.POST or None, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            review = reviews.review_create(
                by=request.user, partnership=request.partnership, **form.cleaned_data
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{review.reference} is in the register. The notification is due by "
                f"{review.notification_due_on:%-d %B %Y}.",
            )
            return redirect("review_detail", slug=request.partnership.slug, review_id=review.pk)
    return TemplateResponse(request, "improvement/reviews/form.html", {"form": form, "review": None})


@partnership_view("improvement.view_reviews")
@require_GET
def review_detail(request, review_id):
    review = _review_or_404(request, review_id)
    return TemplateResponse(
        request,
        "improvement/reviews/detail.html",
        {
            "review": review,
            "today": timezone.localdate(),
            "can_manage": request.user.has_perm("improvement.manage_reviews", request.partnership),
            "can_raise_plan": request.user.has_perm("improvement.manage_plans", request.partnership),
            "can_draft_briefing": request.user.has_perm("improvement.manage_briefings", request.partnership),
        },
    )


@partnership_view("improvement.manage_reviews")
@require_http_methods(["GET", "POST"])
def review_edit(request, review_id):
    review = _review_or_404(request, review_id)
    form = ReviewForm(
        request.POST or None,
        partnership=request.partnership,
        initial=review_initial(review),
        current_priorities=review.priorities.all(),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = request.POST.get("version", "")
        try:
            reviews.review_update(
                by=request.user,
                review=review,
                expected_version=int(version) if version.isdigit() else None,
                **form.cleaned_data,
            )
        except EditConflict as error:
            conflict = error.current
            form.add_error(None, "Someone else changed this entry while you were editing: check theirs below")
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{review.reference} is updated")
            return redirect("review_detail", slug=request.partnership.slug, review_id=review.pk)
    return TemplateResponse(
        request, "improvement/reviews/form.html", {"form": form, "review": review, "conflict": conflict}
    )
