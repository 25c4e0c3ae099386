from django import template

register = template.Library()


@register.filter
def days(half_days) -> str:
    """A whole number of half days as days: 3 → "1.5", 4 → "2"."""
    if half_days in (None, ""):
        return ""
    whole, half = divmod(int(half_days), 2)
    return f"{whole}.5" if half else str(whole)


@register.simple_tag
def iso_reports_on(activity, user) -> list:
    """The ISO reports on an activity that this person reads, for the activity's page."""
    from ..reports.selectors import reports_on_activity

    return reports_on_activity(user=user, activity=activity)
