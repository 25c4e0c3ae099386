"""Who a failed sign-in was for, as django-axes counts it. allauth authenticates with `email=…`, not the form's
`login` field, so axes would otherwise record no username and lock a whole address (a trust behind one NAT
address) after ten failures by anyone."""


def username_of(request, credentials) -> str:
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not name and request is not None:
        name = request.POST.get("login", "")
    return (name or "").strip().lower()
