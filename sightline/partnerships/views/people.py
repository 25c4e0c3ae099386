from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sightline.accounts import services as account_services
from sightline.accounts.models import Invitation
from sightline.audit.selectors import events_for_target
from sightline.core.access import partnership_view
from sightline.core.errors import TransitionError
from sightline.core.once import creates

from .. import selectors, services
from ..forms import DisablePersonForm, InviteOrganisationRoleForm, InvitePartnershipRoleForm
from ..models import OrganisationMembership, PartnershipMembership
from .organisations import _organisation_or_404

User = get_user_model()


def _person_or_404(request, person_id):
    person = selectors.person_in(partnership=request.partnership, person_id=person_id)
    if person is None:
        raise Http404
    return person


@partnership_view("partnerships.view_people")
@require_GET
def person_list(request):
    query = request.GET.get("q", "").strip()[:100]
    people = selectors.people_in(partnership=request.partnership, query=query)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    invitations = Invitation.objects.filter(
        partnership=request.partnership, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("organisation")
    return TemplateResponse(
        request, "partnerships/people/list.html", {"page": page, "q": query, "invitations": invitations}
    )


@partnership_view("partnerships.view_people")
@require_GET
def person_detail(request, person_id):
    person = _person_or_404(request, person_id)
    partnership_roles, organisation_roles = selectors.roles_of_person(
        partnership=request.partnership, person=person
    )
    context = {
        "person": person,
        "partnership_roles": partnership_roles,
        "organisation_roles": organisation_roles,
        "history": events_for_target(target=person)[:20],
        "disable_form": DisablePersonForm(),
    }
    return TemplateResponse(request, "partnerships/people/detail.html", context)


def _invite(request, form, *, organisation=None):
    try:
        account_services.invitation_create(
            by=request.user,
            partnership=request.partnership,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            role=form.cleaned_data["role"],
            organisation=organisation,
            title=form.cleaned_data.get("title", ""),
        )
    except TransitionError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, f"Invitation sent to {form.cleaned_data['email']}")
    return True


@partnership_view("partnerships.manage_people")
@creates
@require_http_methods(["GET", "POST"])
def person_invite(request):
    form = InvitePartnershipRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _invite(request, form):
        return redirect("person_list", slug=request.partnership.slug)
    return TemplateResponse(
        request,
        "partnerships/people/invite.html",
        {"form": form, "valid_days": settings.INVITATION_VALID_DAYS},
    )


@partnership_view("partnerships.view_partnership")
@creates
@require_http_methods(["GET", "POST"])
def organisation_invite(request, organisation_id):
    organisation = _organisation_or_404(request, organisation_id)
    if not request.user.has_perm("partnerships.invite_to_organisation", organisation):
        raise Http404
    initial = {"full_name": organisation.lead_name, "email": organisation.lead_email, "role": "lead"}
    form = InviteOrganisationRoleForm(request.POST or None, initial=None if request.POST else initial)
    if request.method == "POST" and form.is_valid() and _invite(request, form, organisation=organisation):
        return redirect("organisation_detail", slug=request.partnership.slug, organisation_id=organisation.pk)
    return TemplateResponse(
        request,
        "partnerships/people/invite.html",
        {"form": form, "organisation": organisation, "valid_days": settings.INVITATION_VALID_DAYS},
    )


@partnership_view("partnerships.manage_people")
@require_POST
def membership_remove(request, person_id, membership_id):
    person = _person_or_404(request, person_id)
    membership = (
        PartnershipMembership.objects.filter(
            pk=membership_id, user=person, partnership=request.partnership
        ).first()
        or OrganisationMembership.objects.filter(
            pk=membership_id, user=person, organisation__affiliations__partnership=request.partnership
        )
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise Http404
    try:
        services.membership_revoke(by=request.user, partnership=request.partnership, membership=membership)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Role removed")
    return redirect("person_detail", slug=request.partnership.slug, person_id=person.pk)


@partnership_view("partnerships.manage_people")
@require_POST
def person_disable(request, person_id):
    person = _person_or_404(request, person_id)
    form = DisablePersonForm(request.POST)
    if not form.is_valid():
        partnership_roles, organisation_roles = selectors.roles_of_person(
            partnership=request.partnership, person=person
        )
        context = {
            "person": person,
            "partnership_roles": partnership_roles,
            "organisation_roles": organisation_roles,
            "history": events_for_target(target=person)[:20],
            "disable_form": form,
            "form": form,
        }
        return TemplateResponse(request, "partnerships/people/detail.html", context, status=400)
    try:
        services.person_set_active(
            by=request.user,
            partnership=request.partnership,
            person=person,
            active=False,
            reason=form.cleaned_data["reason"],
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person} can no longer sign in")
    return redirect("person_detail", slug=request.partnership.slug, person_id=person.pk)


@partnership_view("partnerships.manage_people")
@require_POST
def person_enable(request, person_id):
    person = _person_or_404(request, person_id)
    try:
        services.person_set_active(
            by=request.user, partnership=request.partnership, person=person, active=True
        )
    except (TransitionError, ValidationError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person} can sign in again")
    return redirect("person_detail", slug=request.partnership.slug, person_id=person.pk)


@partnership_view("partnerships.manage_people")
@require_POST
def invitation_revoke(request, invitation_id):
    invitation = get_object_or_404(Invitation, pk=invitation_id, partnership=request.partnership)
    try:
        account_services.invitation_revoke(by=request.user, invitation=invitation)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation for {invitation.email} withdrawn")
    return redirect("person_list", slug=request.partnership.slug)
