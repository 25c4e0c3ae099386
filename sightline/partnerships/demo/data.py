"""The fictional "Demo Safeguarding Children Partnership": every name here is invented."""

DEMO_PASSWORD = "try-the-demo-today"  # noqa: S105 - printed by `make run`; demo data never loads in production

PARTNERSHIP = {
    "name": "Demo Safeguarding Children Partnership",
    "slug": "demo",
    "area": "Demo Borough",
    "la_code": "999",
}

STATUTORY_PARTNERS = [
    ("Demo Borough Council", "local_authority", "la", ""),
    ("Demo and District Integrated Care Board", "icb", "icb", "QZZ"),
    ("Demoshire Police", "police", "police", ""),
]

AGENCIES = [
    ("Demo Hospitals NHS Foundation Trust", "nhs_trust", "RZ1"),
    ("Demo Community Health NHS Trust", "nhs_trust", "RZ2"),
    ("Demo Mental Health and Wellbeing NHS Trust", "nhs_trust", "RZ3"),
    ("Demo Ambulance Service NHS Trust", "nhs_trust", "RZ4"),
    ("Northgate Medical Practice", "other_health", "Z99001"),
    ("Riverside Family Doctors", "other_health", "Z99002"),
    ("Demo Probation Delivery Unit", "probation", ""),
    ("Demo Youth Justice Service", "youth_justice", ""),
    ("Demo Fire and Rescue Service", "other", ""),
    ("Harbourlight Young People's Trust", "voluntary", ""),
    ("Demo Domestic Abuse Support Network", "voluntary", ""),
    ("St Aidan's Community Church", "voluntary", ""),
    ("Demo Sports and Leisure Trust", "voluntary", ""),
    ("Demo Housing Partnership", "other", ""),
    ("Demo Children's Centre Network", "other", ""),
]

EARLY_YEARS_GROUPS = [
    "Acorn Day Nursery",
    "Bluebell Pre-school",
    "Buttercup Nursery",
    "Caterpillar Club Nursery",
    "Daisy Chain Day Care",
    "Dandelion Pre-school",
    "Fernhill Nursery",
    "Foxglove Early Learning",
    "Hazelnut Nursery",
    "Honeybee Day Nursery",
    "Kingfisher Pre-school",
    "Lighthouse Nursery",
    "Little Oaks Day Nursery",
    "Meadowside Pre-school",
    "Moonbeam Nursery",
    "Nutshell Day Care",
    "Orchard Pre-school",
    "Puddleducks Nursery",
    "Rainbow Corner Nursery",
    "Robin's Nest Pre-school",
    "Sunflower Day Nursery",
    "Tadpoles Early Years",
    "Treetops Nursery",
    "Willow Den Pre-school",
]
CHILDMINDERS = [
    "Childminder: A. Demo (Northgate)",
    "Childminder: B. Sample (Riverside)",
    "Childminder: C. Test (Harbour)",
    "Childminder: D. Example (Eastfield)",
    "Childminder: E. Fiction (Westmoor)",
    "Childminder: F. Model (Southend)",
]

# (email local part, full name, kind, role, organisation to attach to or None, title)
ACCOUNTS = [
    ("business", "Bea Business", "partnership", "business_team", None, ""),
    ("la.partner", "Lena Authority", "partnership", "partner_la", None, ""),
    ("icb.partner", "Ian Careboard", "partnership", "partner_icb", None, ""),
    ("police.partner", "Pat Constable", "partnership", "partner_police", None, ""),
    ("iso", "Iris Scrutiny", "partnership", "iso", None, ""),
    ("splad.chair", "Sam Learning", "partnership", "learning_chair", None, ""),
    ("board.member", "Bo Member", "partnership", "board_member", None, ""),
    (
        "agency.lead",
        "Alex Agency",
        "organisation",
        "lead",
        "Demo Hospitals NHS Foundation Trust",
        "Named nurse for safeguarding children",
    ),
    ("school.dsl", "Dana School", "organisation", "lead", "school", "Designated safeguarding lead"),
    ("governor", "Gil Governor", "organisation", "signatory", "school", "Chair of governors"),
    ("earlyyears.lead", "Eve Early", "organisation", "lead", "Acorn Day Nursery", "Nursery manager and DSL"),
]

# Statutory partners' delegated representatives also work in their organisation.
PARTNER_ORGANISATIONS = {
    "la.partner": "Demo Borough Council",
    "icb.partner": "Demo and District Integrated Care Board",
    "police.partner": "Demoshire Police",
}

EMAIL_DOMAIN = "demo.sightline.test"
