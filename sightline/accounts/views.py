from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from sightline.core.access import public, signed_in
from sightline.core.errors import TransitionError

from . import services
from .forms import AcceptInvitationForm


@public
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return TemplateResponse(request, "accounts/invitation_invalid.html", status=404)
    if services.account_for(invitation) is not None:
        return _accept_as_existing_account(request, invitation)
    form = AcceptInvitationForm(request.POST or None, initial={"full_name": invitation.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("password1", message)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, f"Welcome to {invitation.partnership.name}")
            return redirect("home")
    return TemplateResponse(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


def _accept_as_existing_account(request, invitation):
    """An address that has an account: the link neither sets a password nor signs anyone in. The person signs in
    as usual (second factor included) and accepts from there."""
    signed_in_as_invited = (
        request.user.is_authenticated and request.user.email.lower() == invitation.email.lower()
    )
    if request.method == "POST" and signed_in_as_invited:
        try:
            services.invitation_accept_signed_in(invitation=invitation, user=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"You now have the role in {invitation.partnership.name}")
            return redirect("home")
    context = {
        "invitation": invitation,
        "signed_in_as_invited": signed_in_as_invited,
        "sign_in_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
    }
    return TemplateResponse(request, "accounts/invitation_existing_account.html", context)


@signed_in
@require_GET
def mfa_required(request):
    return TemplateResponse(request, "accounts/mfa_required.html")


@signed_in
@require_GET
def account_security(request):
    from .middleware import has_second_factor

    return TemplateResponse(request, "accounts/security.html", {"has_totp": has_second_factor(request.user)})


@signed_in
@require_http_methods(["GET", "POST"])
def email_managed(request):
    """Email addresses are how people are invited and identified, so they are not changed by their owner."""
    messages.info(
        request, "Your email address is managed by your partnership's business team: ask them to change it."
    )
    return redirect("account_security")
