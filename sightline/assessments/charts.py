"""Charts drawn on the server as SVG: no script, no library. Each is an image with a title (role="img",
aria-labelledby), and the page follows it with a table of the same figures. Text is drawn only on white or
on a GOV.UK tag background in that tag's own text colour, pairs that GOV.UK Frontend chose for contrast; every
coloured shape has an outline in the dark colour so it stands out from the white page."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK Frontend 6 tag colours as (text, background). Frontend 6 has no light-blue tag: blue tint-50 stands in.
TAG_COLOURS = {
    "green": ("#083d29", "#cfe4dc"),
    "yellow": ("#7a3c1c", "#ffee80"),
    "orange": ("#7a3c1c", "#fde4d7"),
    "red": ("#651b1b", "#f4d7d7"),
    "grey": ("#0b0c0c", "#cecece"),
    "blue": ("#0f385c", "#d2e2f1"),
    "light-blue": ("#0f385c", "#8eb8dc"),
    "purple": ("#2a1950", "#ddd6ec"),
    "pink": ("#651b3e", "#f4d7e5"),
    "turquoise": ("#0b4144", "#d0e6e7"),
}
# The tag classes the stylesheet has: blue is the default tag, and light-blue has none.
TAG_CLASS = {"blue": "", "light-blue": "", "pink": "magenta", "turquoise": "teal"}
TEXT = "#0b0c0c"
THIS_YEAR = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
LAST_YEAR = "#484949"  # GOV.UK black tint-25: 9:1 against white
WIDTH = 760


def tag_class(colour: str) -> str:
    """The govuk-tag modifier for a scale colour ('' for the default blue tag)."""
    return TAG_CLASS.get(colour, colour)


def colours(colour: str) -> tuple[str, str]:
    return TAG_COLOURS.get(colour, TAG_COLOURS["grey"])


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(chart_id: str, title: str, height: int, body: list[str]) -> SafeString:
    chart_id, title = escape(chart_id), escape(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" focusable="false" '
        f'aria-labelledby="{chart_id}-title" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{title}</title>',
        *body,
        "</svg>",
    ]
    # Every value interpolated into `parts` went through escape() above or in the callers below.
    return mark_safe("".join(parts))  # noqa: S308


def _text(
    x: float, y: float, content: str, *, fill: str = TEXT, size: int = 15, anchor: str = "start"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" fill="{fill}" font-size="{size}" text-anchor="{anchor}">'
        f"{escape(content)}</text>"
    )


def _rect(x: float, y: float, width: float, height: float, fill: str, stroke: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1"/>'
    )


def _legend(items: list[tuple[str, str, str]], y: float) -> tuple[list[str], float]:
    """Swatches with their labels, wrapping onto further lines; returns the parts and the next free y."""
    parts, x = [], 0.0
    for label, fill, stroke in items:
        width = 26 + 8 * len(label)
        if x and x + width > WIDTH:
            x, y = 0.0, y + 24
        parts.append(_rect(x, y, 16, 16, fill, stroke))
        parts.append(_text(x + 22, y + 13, label))
        x += width + 16
    return parts, y + 32


def distribution_chart(*, chart_id: str, title: str, levels: list[dict], rows: list[dict]) -> SafeString:
    """A stacked horizontal bar per standard: each level's share of the answers, in the level's colour.
    `rows` hold a label, `counts` (one per level, best first) and `not_applicable`."""
    na_text, na_fill = colours("grey")
    # Legend items are (label, fill, outline): the tag's background, outlined in its text colour.
    items = [(str(level["label"]), *reversed(colours(level.get("colour", "grey")))) for level in levels]
    items.append(("Not applicable", na_fill, na_text))
    body, y = _legend(items, 0)
    for row in rows:
        body.append(_text(0, y + 14, _shorten(str(row["label"]), 90)))
        segments = [
            (count, *colours(level.get("colour", "grey")))
            for count, level in zip(row["counts"], levels, strict=True)
        ]
        segments.append((row.get("not_applicable", 0), na_text, na_fill))
        total = sum(count for count, _, _ in segments)
        bar_y = y + 22
        if not total:
            body.append(_text(0, bar_y + 17, "No answers yet", size=14))
        x = 0.0
        for count, text_colour, fill in segments if total else []:
            if not count:
                continue
            width = WIDTH * count / total
            body.append(_rect(x, bar_y, width, 26, fill, text_colour))
            if width >= 8 * len(str(count)) + 10:
                body.append(
                    _text(x + width / 2, bar_y + 18, str(count), fill=text_colour, size=14, anchor="middle")
                )
            x += width
        y = bar_y + 40
    return _svg(chart_id, title, int(y), body)


def comparison_chart(*, chart_id: str, title: str, maximum: float, rows: list[dict]) -> SafeString:
    """Grouped bars per standard: this year's mean score above last year's, each labelled in words beside
    the bar, on white. `rows` hold a label, `this_year` and `last_year` (either may be None)."""
    body, y = _legend([("This year", THIS_YEAR, THIS_YEAR), ("Last year", LAST_YEAR, LAST_YEAR)], 0)
    scale = (WIDTH - 170) / maximum if maximum else 0
    for row in rows:
        body.append(_text(0, y + 14, _shorten(str(row["label"]), 90)))
        bar_y = y + 22
        for name, value, fill in (
            ("This year", row.get("this_year"), THIS_YEAR),
            ("Last year", row.get("last_year"), LAST_YEAR),
        ):
            if value is None:
                body.append(_text(0, bar_y + 14, f"{name}: no score", size=14))
            else:
                width = max(scale * float(value), 2)
                body.append(_rect(0, bar_y, width, 18, fill, fill))
                body.append(_text(width + 8, bar_y + 14, f"{name}: {float(value):.2f}", size=14))
            bar_y += 24
        y = bar_y + 14
    return _svg(chart_id, title, int(y), body)


def count_chart(*, chart_id: str, title: str, rows: list[dict]) -> SafeString:
    """One bar per row, each labelled with its count in words beside it, and a row's target (if it has one)
    said in the label. `rows` hold a label, a whole-number `value` and an optional `target`."""
    maximum = max([row["value"] for row in rows] + [row.get("target") or 0 for row in rows] + [1])
    scale = (WIDTH - 170) / maximum
    body, y = [], 0
    for row in rows:
        target = f" (target {row['target']})" if row.get("target") else ""
        body.append(_text(0, y + 14, _shorten(f"{row['label']}{target}", 90)))
        width = max(scale * row["value"], 2)
        body.append(_rect(0, y + 22, width, 18, THIS_YEAR, THIS_YEAR))
        body.append(_text(width + 8, y + 36, str(int(row["value"])), size=14))
        y += 56
    return _svg(chart_id, title, int(y), body)
