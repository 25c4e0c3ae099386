"""What each signed-in person sees first: their partnerships, their organisations, and what to do next."""

from django.db.models import Count
from django.urls import reverse

from sightline import policy
from sightline.assessments.progress_report import progress_due_for
from sightline.assessments.selectors import submissions_due_for
from sightline.improvement.selectors import actions_needing_attention
from sightline.partnerships.models import Organisation, PartnershipMembership
from sightline.partnerships.selectors import organisations_filtered, partnerships_visible_to


def next_tasks(*, user, partnerships) -> list[dict]:
    """Things this person should do now, each with where to do it."""
    from sightline.accounts.middleware import has_second_factor

    tasks = []
    if not has_second_factor(user):
        tasks.append(
            {
                "text": "Set up a second way to sign in (an authenticator app) to protect your account",
                "href": reverse("mfa_activate_totp"),
            }
        )
    for submission in submissions_due_for(user=user):
        tasks.append(
            {
                "text": f"{submission.cycle.title} for {submission.organisation.name}: "
                f"{submission.get_status_display().lower()}, due {submission.due_on:%-d %B %Y}",
                "href": reverse(
                    "return_overview",
                    kwargs={"slug": submission.cycle.partnership.slug, "submission_id": submission.pk},
                ),
            }
        )
    for submission in progress_due_for(user=user):
        n, cycle = submission.pending, submission.cycle
        tasks.append(
            {
                "text": f"Update progress on {n} action{'s' if n != 1 else ''} for {cycle.title} "
                f"({submission.organisation.name}) by {cycle.progress_due_on:%-d %B %Y}",
                "href": reverse(
                    "progress_update",
                    kwargs={
                        "slug": cycle.partnership.slug,
                        "cycle_id": cycle.pk,
                        "submission_id": submission.pk,
                    },
                ),
            }
        )
    for partnership in partnerships:
        if policy.is_business_team(user, partnership):
            missing = organisations_filtered(
                user=user, partnership=partnership, status=Organisation.Status.OPEN, lead="missing"
            ).count()
            if missing:
                tasks.append(
                    {
                        "text": (
                            f"{partnership.name}: {missing} open organisations "
                            "have no safeguarding lead account"
                        ),
                        "href": reverse("organisation_list", kwargs={"slug": partnership.slug})
                        + "?lead=missing",
                    }
                )
    return tasks


# Enough to act on from the home page; the rest are a click away in "Our actions".
ATTENTION_SHOWN = 10


def actions_panel(*, user, partnerships) -> dict | None:
    """The actions that need the person's organisations now (returned, overdue, due soon) across every plan,
    the first few of them, and for each partnership how many more wait in its "Our actions". At most two
    queries, whatever the number of actions; none for someone with no role in an organisation."""
    if not policy.organisation_roles(user):
        return None
    attention = actions_needing_attention(user=user, partnerships=partnerships)
    shown = list(attention[:ATTENTION_SHOWN])
    if not shown:
        return None
    counts = attention.order_by().values("plan__partnership__slug", "plan__partnership__name")
    rows = []
    for row in counts.annotate(n=Count("pk")).order_by("plan__partnership__name"):
        slug = row["plan__partnership__slug"]
        listed = sum(action.plan.partnership.slug == slug for action in shown)
        rows.append({"slug": slug, "name": row["plan__partnership__name"], "more": row["n"] - listed})
    return {"actions": shown, "partnerships": rows}


def home_context(*, user) -> dict:
    partnerships = list(partnerships_visible_to(user=user))
    roles = policy.partnership_roles(user)
    org_roles = policy.organisation_roles(user)
    organisations = Organisation.objects.filter(pk__in=set(org_roles)).prefetch_related("partnerships")
    return {
        "partnership_rows": [
            {
                "partnership": partnership,
                "roles": [
                    PartnershipMembership.Role(role).label for role in sorted(roles.get(partnership.pk, ()))
                ],
            }
            for partnership in partnerships
        ],
        "organisation_rows": [
            {
                "organisation": organisation,
                "roles": sorted(org_roles.get(organisation.pk, ())),
                "partnerships": list(organisation.partnerships.all()),
            }
            for organisation in organisations
        ],
        "is_operator": user.is_superuser,
        "tasks": next_tasks(user=user, partnerships=partnerships),
        "attention": actions_panel(user=user, partnerships=partnerships),
    }
