"""The partnership's priorities: keeping them and tagging records with them (`services`), their forms and the
"Priorities it serves" field other apps' forms add (`forms`), and the business team's pages (`views`). The progress
made on each is in sightline/governance/priorities/. Other apps import the services from here."""

from .services import (
    LEAD_PARTNERS,
    PRIORITY_FIELDS,
    TITLE_LIMIT,
    priorities_checked,
    priorities_in_force,
    priorities_of,
    priorities_offered,
    priorities_tag,
    priority_create,
    priority_end,
    priority_for,
    priority_remove,
    priority_update,
    tag_counts,
    when,
)

__all__ = [
    "LEAD_PARTNERS",
    "PRIORITY_FIELDS",
    "TITLE_LIMIT",
    "priorities_checked",
    "priorities_in_force",
    "priorities_of",
    "priorities_offered",
    "priorities_tag",
    "priority_create",
    "priority_end",
    "priority_for",
    "priority_remove",
    "priority_update",
    "tag_counts",
    "when",
]
