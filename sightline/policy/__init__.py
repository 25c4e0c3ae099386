"""Sightline's one access policy: who may do what, decided from memberships.

Views, services, templates and the API all ask here (through `user.has_perm(name, obj)` or the
predicates re-exported below). Deny by default: a permission not named here is refused, and a view that does not
declare its permission is refused by AccessPolicyMiddleware. Objects outside a person's scope are
filtered out by the selectors, so they answer 404.

Each module holds one subject's predicates and permissions; importing this package registers them all.
"""

from sightline.policy.assessments import *  # noqa: F403
from sightline.policy.assurance import *  # noqa: F403
from sightline.policy.casework import *  # noqa: F403
from sightline.policy.governance import *  # noqa: F403
from sightline.policy.improvement import *  # noqa: F403
from sightline.policy.priorities import *  # noqa: F403
from sightline.policy.roles import *  # noqa: F403
from sightline.policy.scrutiny import *  # noqa: F403
