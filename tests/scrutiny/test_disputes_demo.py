"""The demo partnership has a dispute its parties' leads, the business team and the ISO read, and the board and the
learning group do not: the browser crawl (tests/e2e/test_axe.py) reaches its pages as those roles."""

from django.core.management import call_command
from django.urls import reverse

from sightline.core.models import DemoPartnership
from sightline.scrutiny.disputes.demo import demo_disputes_load
from sightline.scrutiny.models import Dispute, DisputeStep

ROLES = {
    "business": 200,
    "agency.lead": 200,
    "la.partner": 200,
    "iso": 200,
    "board.member": 404,
    "splad.chair": 404,
    "icb.partner": 404,
}


def test_the_demo_has_one_dispute_read_by_its_parties_and_loads_it_once(db, settings, client_for):
    from sightline.accounts.models import User

    settings.DEMO_MODE = True
    call_command("load_demo")
    partnership = DemoPartnership.objects.get().partnership
    demo_disputes_load(partnership)
    dispute = Dispute.objects.get(partnership=partnership)
    assert dispute.assisting_iso.email == "iso@demo.sightline.test" and dispute.stage.name == "Managers"
    assert list(dispute.steps.values_list("kind", flat=True)) == [
        DisputeStep.Kind.RAISED,
        DisputeStep.Kind.ESCALATED,
        DisputeStep.Kind.NOTE,
        DisputeStep.Kind.ISO_ASKED,
    ]
    url = reverse("dispute_detail", kwargs={"slug": partnership.slug, "dispute_id": dispute.pk})
    for local, status in ROLES.items():
        user = User.objects.get(email=f"{local}@demo.sightline.test")
        assert client_for(user).get(url).status_code == status, local
