"""A sign-off's page (what is asked, of whom, under what rule, each decision, the outcome), where a party it names
decides; and the list of sign-offs waiting for the person asking."""

from django.contrib import messages
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from sightline import policy
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError

from .. import endorsements, selectors
from ..forms import DecisionForm
from . import activity_or_404, posted, require, to_activity


@partnership_view("assurance.view_activities")
@require_http_methods(["GET", "POST"])
def endorsement_detail(request, activity_id, request_id):
    activity = activity_or_404(request, activity_id)
    sign_off = selectors.request_for(activity=activity, request_id=request_id)
    parties = list(sign_off.parties.all()) if sign_off else []
    mine = next((party for party in parties if party.user_id == request.user.pk), None)
    if sign_off is None or not (policy.sees_whole_partnership(request.user, activity.partnership) or mine):
        raise Http404
    form = DecisionForm(posted(request))
    if request.method == "POST":
        require(request, "assurance.decide_endorsement", sign_off)
        if form.is_valid():
            try:
                endorsements.endorsement_decide(by=request.user, request=sign_off, **form.cleaned_data)
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                verb = "endorsed" if form.cleaned_data["decision"] == "endorsed" else "declined"
                messages.success(request, f"You have {verb} the {sign_off.get_subject_display().lower()}.")
                return to_activity(activity)
    endorsed = sum(party.decision == "endorsed" for party in parties)
    return TemplateResponse(
        request,
        "assurance/endorsements/detail.html",
        {
            "activity": activity,
            "sign_off": sign_off,
            "parties": parties,
            "mine": mine,
            "form": form
            if (mine is not None and mine.decision == "pending" and sign_off.is_open) or form.errors
            else None,
            "endorsed": endorsed,
            "needed": len(parties) if sign_off.rule == "all" else sign_off.quorum,
        },
    )


@partnership_view("assurance.view_activities")
@require_GET
def endorsement_list(request):
    return TemplateResponse(
        request,
        "assurance/endorsements/list.html",
        {
            "waiting": list(
                endorsements.requests_waiting_for(user=request.user, partnership=request.partnership)
            )
        },
    )
