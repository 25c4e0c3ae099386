from django.conf import settings
from django.urls import reverse


def navigation(request) -> dict:
    """The header's partnership name and the menu items this person may use there."""
    user = getattr(request, "user", None)
    partnership = getattr(request, "partnership", None)
    nav = {
        "partnership": partnership,
        "items": [],
        "session_idle_seconds": settings.SESSION_IDLE_TIMEOUT,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "unread_notices": 0,
    }
    if user is None or not user.is_authenticated:
        return {"nav": nav}
    from sightline.notifications.selectors import unread_count

    nav["unread_notices"] = unread_count(user=user)
    if partnership is not None:
        slug = partnership.slug
        candidates = [
            ("Home", reverse("partnership_home", kwargs={"slug": slug}), "partnerships.view_partnership"),
            (
                "Organisations",
                reverse("organisation_list", kwargs={"slug": slug}),
                "partnerships.view_register",
            ),
            ("Self-assessments", reverse("cycle_list", kwargs={"slug": slug}), "assessments.view_cycles"),
            ("Action plans", reverse("plan_list", kwargs={"slug": slug}), "improvement.view_plans"),
            ("Assurance", reverse("activity_list", kwargs={"slug": slug}), "assurance.view_activities"),
            ("Meetings", reverse("meeting_list", kwargs={"slug": slug}), "governance.view_meetings"),
            (
                "Presentations",
                reverse("presentation_list", kwargs={"slug": slug}),
                "governance.view_presentations",
            ),
            ("People", reverse("person_list", kwargs={"slug": slug}), "partnerships.view_people"),
            ("Groups", reverse("group_list", kwargs={"slug": slug}), "partnerships.view_groups"),
            ("Audit trail", reverse("audit_trail", kwargs={"slug": slug}), "audit.view_trail"),
            ("Templates", reverse("template_list"), "assessments.view_library"),
        ]
        for text, href, perm in candidates:
            if user.has_perm(perm, partnership):
                nav["items"].append(
                    {"text": text, "href": href, "current": _is_current(request.path, href, slug)}
                )
    else:
        nav["items"].append(
            {"text": "Home", "href": reverse("home"), "current": request.path == reverse("home")}
        )
    return {"nav": nav}


def _is_current(path: str, href: str, slug: str) -> bool:
    home = reverse("partnership_home", kwargs={"slug": slug})
    return path == href if href == home else path.startswith(href)
