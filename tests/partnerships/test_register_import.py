"""Importing and exporting the organisation register: GIAS extracts, Sightline CSV, bad files (all or
nothing), the management commands and the upload → preview → confirm journey."""

import codecs
import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from sightline.audit.models import AuditEvent
from sightline.partnerships import services
from sightline.partnerships.demo import make_gias_demo
from sightline.partnerships.exporting import EXPORT_COLUMNS
from sightline.partnerships.importing.gias import organisation_type
from sightline.partnerships.models import (
    Affiliation,
    Organisation,
    PartnershipMembership,
    RegisterImport,
)

DEMO = Path(make_gias_demo.__file__).with_name("gias_demo.csv")
SLUG = "import-test"
GIAS_HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "UKPRN",
    "Postcode",
    "Trusts (code)",
    "Trusts (name)",
    "SchoolWebsite",
]


# Fixtures (local to this module; the lead engineer may move them to conftest.py).


@pytest.fixture
def partnership(db):
    return services.partnership_create(
        by=None,
        name="Import Test Safeguarding Children Partnership",
        slug=SLUG,
        area="Demo Borough",
        la_code="999",
    )


def _member(partnership, role, email):
    user = get_user_model().objects.create_user(email, "a-long-test-password", full_name=email.split("@")[0])
    PartnershipMembership.objects.create(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def business_user(partnership):
    return _member(partnership, PartnershipMembership.Role.BUSINESS_TEAM, "business@example.test")


@pytest.fixture
def signed_in(client, business_user, settings):
    settings.SIGHTLINE_MFA_REQUIRED = False
    client.force_login(business_user)
    return client


# Helpers.


def register_of(partnership) -> list[tuple]:
    return sorted(
        Organisation.objects.filter(affiliations__partnership=partnership).values_list(
            "urn", "name", "type", "status", "parent__name", "lead_email"
        ),
        key=str,
    )


def gias_row(urn, name="Test Primary School", **cells) -> dict:
    row = {
        "URN": str(urn),
        "LA (code)": "999",
        "LA (name)": "Demo Borough",
        "EstablishmentNumber": "2001",
        "EstablishmentName": name,
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentTypeGroup (name)": "Local authority maintained schools",
        "EstablishmentStatus (name)": "Open",
        "PhaseOfEducation (name)": "Primary",
        "UKPRN": "",
        "Postcode": "DB1 1AA",
        "Trusts (code)": "",
        "Trusts (name)": "",
        "SchoolWebsite": "",
    }
    row.update(cells)
    return row


def gias_bytes(rows, header=GIAS_HEADER, encoding="cp1252") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def run_import(tmp_path, content: bytes, fmt="gias", name="import.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_organisations", "--partnership", SLUG, "--format", fmt, str(path), stdout=out)
    return out.getvalue()


def import_events():
    return AuditEvent.objects.filter(verb="register.imported")


# The GIAS extract.


def test_demo_extract_is_deterministic_windows_1252_with_crlf():
    content = DEMO.read_bytes()
    assert content == make_gias_demo.render()
    assert content.startswith(b"URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,")
    assert b"St Mary\x92s Church of England" in content and b"Bront\xeb Valley" in content
    assert content.count(b"\r\n") == 60 and b"\n" not in content.replace(b"\r\n", b"")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")


def test_demo_extract_imports_the_partnership_establishments(partnership, tmp_path):
    output = run_import(tmp_path, DEMO.read_bytes())

    assert "49 created" in output and "2 closed" in output and "8 skipped" in output
    register = Organisation.objects.filter(affiliations__partnership=partnership)
    assert register.count() == 51 + 3
    assert not Organisation.objects.filter(name__startswith="Farside").exists()  # LA 888 is skipped
    trusts = register.filter(type=Organisation.Type.ACADEMY_TRUST)
    assert sorted(trusts.values_list("name", flat=True)) == [
        "Brontë Valley Education Trust",
        "Oakmere Academies Trust",
        "Riverside Learning Trust",
    ]
    for trust in trusts:
        assert trust.children.count() == 4
    assert register.get(name="Riverside Primary Academy").parent.name == "Riverside Learning Trust"
    assert register.get(name="Ashgrove Primary School").parent is None
    assert set(register.filter(status="closed").values_list("name", flat=True)) == {
        "Old Mill Primary School",
        "Eastbrook Middle School",
    }
    assert register.get(name="Pennywell Primary School").status == "open"  # open, but proposed to close
    types = dict(register.values_list("name", "type"))
    assert types["Demoford College"] == types["Demoford Sixth Form College"] == "college"
    assert types["The Bridge Pupil Referral Unit"] == "alternative_provision"
    assert types["Compass Alternative Provision Academy"] == "alternative_provision"
    for school in ("Thornbury House School", "Meadowside School", "Skylark Free School", "Oakmere Academy"):
        assert types[school] == "school"
    assert types["Hillcrest Secure Children's Unit"] == "other"
    assert "St Mary’s Church of England Primary School, Demoford" in types
    assert not register.filter(type="school", section11_duty=True).exists()
    ashgrove = register.get(urn=990001)
    assert (ashgrove.ukprn, ashgrove.postcode, ashgrove.phase) == ("10990000", "DB1 0AP", "Primary")

    event = import_events().get()
    assert event.partnership_id == partnership.pk
    assert {k: event.changes[k] for k in ("created", "updated", "closed", "trusts", "skipped")} == {
        "created": 49,
        "updated": 0,
        "closed": 2,
        "trusts": 3,
        "skipped": 8,
    }


def test_reimport_makes_no_duplicates_and_applies_changes(partnership, tmp_path):
    run_import(tmp_path, DEMO.read_bytes())
    before = Organisation.objects.count()

    changed = (
        DEMO.read_bytes()
        .replace(b"Ashgrove Primary School", b"Ashgrove Community Primary School")
        .replace(
            b"990016,999,Demo Borough,2015,Pennywell Primary School,01,Community school,4,"
            b'Local authority maintained schools,3,"Open, but proposed to close"',
            b"990016,999,Demo Borough,2015,Pennywell Primary School,01,Community school,4,"
            b"Local authority maintained schools,2,Closed",
        )
    )
    output = run_import(tmp_path, changed)

    assert Organisation.objects.count() == before
    assert Organisation.objects.get(urn=990001).name == "Ashgrove Community Primary School"
    assert Organisation.objects.get(urn=990016).status == "closed"
    assert "0 created, 1 updated, 1 closed" in output and "0 academy trusts added" in output
    assert import_events().count() == 2


def test_establishment_in_another_partnership_gets_an_entry_of_this_partnerships_own(partnership, tmp_path):
    neighbour = services.partnership_create(
        by=None, name="Neighbour SCP", slug="neighbour", area="N", la_code="998"
    )
    theirs = services.organisation_create(
        by=None,
        partnership=neighbour,
        name="Ashgrove Primary",
        type="school",
        urn=990001,
        lead_email="a@x.test",
    )
    run_import(tmp_path, DEMO.read_bytes())

    ours = Organisation.objects.get(urn=990001, affiliations__partnership__slug=SLUG)
    assert ours.pk != theirs.pk and ours.identity == theirs.identity
    assert ours.name == "Ashgrove Primary School" and ours.lead_email == ""
    # The neighbour's entry is exactly as it was, and its trail says another partnership now holds it too.
    theirs.refresh_from_db()
    assert (theirs.name, theirs.lead_email, theirs.version) == ("Ashgrove Primary", "a@x.test", 1)
    assert list(
        Affiliation.objects.filter(organisation=theirs).values_list("partnership__slug", flat=True)
    ) == ["neighbour"]
    told = AuditEvent.objects.get(verb="register.imported_elsewhere", partnership=neighbour)
    assert told.target_id == str(theirs.pk) and told.changes["partnership"] == partnership.name


def test_existing_trust_is_matched_by_name(partnership, tmp_path):
    trust = services.organisation_create(
        by=None, partnership=partnership, name="RIVERSIDE LEARNING TRUST", type="academy_trust"
    )
    output = run_import(tmp_path, DEMO.read_bytes())

    assert "2 academy trusts added" in output
    assert trust.children.count() == 4
    assert not Organisation.objects.filter(name="Riverside Learning Trust").exists()


def test_utf8_with_or_without_bom_is_read_too(partnership, tmp_path):
    text = DEMO.read_bytes().decode("cp1252")
    run_import(tmp_path, codecs.BOM_UTF8 + text.encode("utf-8"))
    assert Organisation.objects.filter(name="Brontë Valley Academy").exists()
    output = run_import(tmp_path, text.encode("utf-8"))
    assert "0 created, 0 updated, 0 closed, 51 unchanged" in output


def test_an_extract_with_nothing_in_the_area_is_refused(partnership, tmp_path):
    with pytest.raises(CommandError, match="No establishment in the file is in local authority 999"):
        run_import(tmp_path, gias_bytes([gias_row(100001, **{"LA (code)": "888"})]))


@pytest.mark.parametrize(
    "type_name,group,expected",
    [
        ("Academy converter", "Academies", "school"),
        ("Free Schools - 16-19", "Free Schools", "school"),
        ("Voluntary aided school", "Local authority maintained schools", "school"),
        ("Non-maintained special school", "Special schools", "school"),
        ("Other independent school", "Independent schools", "school"),
        ("Further education", "Colleges", "college"),
        ("Sixth form centres", "Colleges", "college"),
        ("Pupil referral unit", "Local authority maintained schools", "alternative_provision"),
        ("Academy alternative provision sponsor led", "Academies", "alternative_provision"),
        ("Free schools alternative provision", "Free Schools", "alternative_provision"),
        ("Higher education institutions", "Universities", "other"),
        ("Secure units", "Other types", "other"),
        ("A type GIAS adds next year", "Academies", "school"),
    ],
)
def test_establishment_types_map_to_register_types(type_name, group, expected):
    assert organisation_type(type_name, group) == expected


# Sightline's own CSV.


def test_generic_csv_creates_updates_and_links_parents(partnership, tmp_path):
    content = (
        b"name,type,urn,ukprn,status,statutory_partner,section11_duty,postcode,parent_urn,parent_name,"
        b"lead_name,lead_email\r\n"
        b"Northfield Learning Trust,Academy trust,,10001234,,,,,,,,\r\n"
        b"Northfield Academy,school,100001,,open,,no,db9 9zz,,Northfield Learning Trust,Sam Lead,"
        b"sam@example.test\r\n"
        b"Demo Borough Council,Local authority,,,,Local authority,yes,,,,,\r\n"
        b"Demo Police,police,,,,police,yes,,,,,\r\n"
    )
    output = run_import(tmp_path, content, fmt="csv")

    assert "4 created" in output
    academy = Organisation.objects.get(urn=100001)
    assert academy.parent.name == "Northfield Learning Trust" and academy.postcode == "DB9 9ZZ"
    assert academy.lead_email == "sam@example.test"
    council = Organisation.objects.get(name="Demo Borough Council")
    assert council.type == "local_authority" and council.statutory_partner == "la" and council.section11_duty

    again = (
        b"name,type,urn,lead_email,parent_urn\r\n"
        b"Northfield Academy,school,100001,new.lead@example.test,\r\n"
        b"Demo Police,Police,,,\r\n"
    )
    output = run_import(tmp_path, again, fmt="csv")

    assert "0 created, 1 updated" in output and "1 unchanged" in output
    academy.refresh_from_db()
    assert academy.lead_email == "new.lead@example.test" and academy.parent is None  # parent_urn given, empty
    assert Organisation.objects.filter(name="Demo Police").count() == 1


def test_export_then_import_round_trips_unchanged(partnership, tmp_path):
    run_import(tmp_path, DEMO.read_bytes())
    out = io.StringIO()
    call_command("export_organisations", "--partnership", SLUG, "--format", "csv", stdout=out)

    output = run_import(tmp_path, out.getvalue().encode(), fmt="csv")

    assert "0 created, 0 updated, 0 closed, 54 unchanged" in output


# Bad files: a clear message naming the row and column, and nothing written.


def _generic(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode()


BAD_FILES = {
    "missing column": (
        "gias",
        gias_bytes([gias_row(100001)], header=[h for h in GIAS_HEADER if h != "LA (code)"]),
        ["Row 1, column 'LA (code)'", "no 'LA (code)' column"],
    ),
    "non-numeric URN": (
        "gias",
        gias_bytes([gias_row(100001), gias_row("10OO02", name="Second School")]),
        ["Row 3, column 'URN'", "whole number"],
    ),
    "duplicate URN": (
        "gias",
        gias_bytes([gias_row(100001), gias_row(100002, name="B"), gias_row(100001, name="C")]),
        ["Row 4, column 'URN'", "also on row 2"],
    ),
    "bad UKPRN and overlong postcode": (
        "gias",
        gias_bytes([gias_row(100001, UKPRN="12AB", Postcode="NOT A REAL POSTCODE")]),
        ["Row 2, column 'UKPRN'", "Row 2, column 'Postcode'"],
    ),
    "UTF-16": ("gias", DEMO.read_bytes().decode("cp1252").encode("utf-16"), ["UTF-16"]),
    "PNG renamed .csv": ("gias", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), ["PNG image"]),
    "Excel workbook": ("csv", b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 50, ["Excel workbook"]),
    "neither UTF-8 nor Windows-1252": ("csv", b"name,type\r\nA\x81B,school\r\n", ["line 2", "Windows-1252"]),
    "binary without a signature": ("csv", b"name,type\r\n\x01\x02\x03\x04,school\r\n", ["binary data"]),
    "empty file": ("gias", b"", ["The file is empty"]),
    "header only": ("csv", b"name,type\r\n", ["no organisations"]),
    "semicolons": ("csv", b"name;type\r\nA;school\r\n", ["semicolons"]),
    "broken quoting": ("csv", b'name,type\r\n"A "quoted" name,school\r\n', ["not valid CSV"]),
    "unknown type": (
        "csv",
        _generic("name,type\nGood School,school\nStarship Academy,spaceship\n"),
        ["Row 3, column 'type'", "'spaceship' is not a type of organisation"],
    ),
    "bad email": (
        "csv",
        _generic("name,type,lead_email\nA School,school,not-an-email\n"),
        ["Row 2, column 'lead_email'", "email address"],
    ),
    "missing name": ("csv", _generic("name,type\n,school\n"), ["Row 2, column 'name'"]),
    "unknown column": ("csv", _generic("name,type,postcod\nA,school,DB1 1AA\n"), ["column 'postcod'"]),
    "missing required column": ("csv", _generic("name,urn\nA,100001\n"), ["no 'type' column"]),
    "parent not found": (
        "csv",
        _generic("name,type,parent_name\nA,school,Nowhere Trust\n"),
        ["Row 2, column 'parent_name'", "No academy trust called 'Nowhere Trust'"],
    ),
    "more cells than the header": ("csv", _generic("name,type\nA,school,extra\n"), ["Row 2", "3 cells"]),
    "formulas as identifiers": (
        "csv",
        _generic("name,type,ukprn,ofsted_urn,ods_code,postcode\nA,school,=1+1,=1+1,=1+1,=1+1\n"),
        [
            "Row 2, column 'ukprn'",
            "Row 2, column 'ofsted_urn'",
            "Row 2, column 'ods_code'",
            "Row 2, column 'postcode'",
            "UKPRN as 8 digits",
            "full UK postcode",
        ],
    ),
    "a street for a postcode": (
        "csv",
        _generic("name,type,postcode\nA,school,12 Mill Lane\n"),
        ["Row 2, column 'postcode'", "full UK postcode"],
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_file_is_refused_and_changes_nothing(partnership, tmp_path, case):
    services.organisation_create(
        by=None, partnership=partnership, name="Existing School", type="school", urn=5
    )
    fmt, content, expected = BAD_FILES[case]
    register, events = register_of(partnership), AuditEvent.objects.count()

    with pytest.raises(CommandError) as refused:
        run_import(tmp_path, content, fmt=fmt)

    message = str(refused.value)
    assert message.startswith("Nothing was imported")
    for fragment in expected:
        assert fragment in message
    assert register_of(partnership) == register
    assert AuditEvent.objects.count() == events


def test_oversized_file_is_refused(partnership, tmp_path, settings):
    settings.REGISTER_IMPORT_MAX_BYTES = 1000
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="REGISTER_IMPORT_MAX_BYTES"):
        run_import(tmp_path, DEMO.read_bytes())
    assert not Organisation.objects.exists() and AuditEvent.objects.count() == events


def test_one_bad_row_stops_every_row(partnership, tmp_path):
    content = gias_bytes([gias_row(100001, name="Good School"), gias_row("x", name="Bad School")])
    with pytest.raises(CommandError, match="Row 3, column 'URN'"):
        run_import(tmp_path, content)
    assert not Organisation.objects.filter(name="Good School").exists()
    assert not import_events().exists()


def test_unknown_partnership_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="No partnership"):
        run_import(tmp_path, DEMO.read_bytes())


# The export command.


def test_export_command_prints_the_header_and_rows(partnership):
    services.organisation_create(
        by=None, partnership=partnership, name="=Formula School", type="school", urn=7
    )
    services.organisation_create(by=None, partnership=partnership, name="Demo Police", type="police")
    out = io.StringIO()

    call_command("export_organisations", "--partnership", SLUG, "--format", "csv", stdout=out)

    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == EXPORT_COLUMNS
    assert [row[:5] for row in rows[1:]] == [
        ["'=Formula School", "school", "7", "", "open"],
        ["Demo Police", "police", "", "", "open"],
    ]
    assert AuditEvent.objects.filter(verb="register.exported", partnership=partnership).count() == 1


# In the browser.


def test_upload_preview_confirm(signed_in, partnership):
    upload_url = reverse("organisation_import", kwargs={"slug": SLUG})
    page = signed_in.get(upload_url)
    assert page.status_code == 200 and b'enctype="multipart/form-data"' in page.content

    response = signed_in.post(
        upload_url,
        {"format": "gias", "file": SimpleUploadedFile("edubase.csv", DEMO.read_bytes(), "text/csv")},
    )
    staged = RegisterImport.objects.get()
    preview_url = reverse("organisation_import_preview", kwargs={"slug": SLUG, "import_id": staged.pk})
    assert response.status_code == 302 and response.url == preview_url
    assert not Organisation.objects.exists()

    preview = signed_in.get(preview_url)
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "Riverside Primary Academy" in text and "Riverside Learning Trust" in text
    assert "Farside Primary School" in text and "Another local authority (888: Other Borough)" in text
    assert "Confirm and import" in text and "There is a problem" not in text
    assert not Organisation.objects.exists()

    confirmed = signed_in.post(preview_url)
    assert confirmed.status_code == 302
    assert confirmed.url == reverse("organisation_list", kwargs={"slug": SLUG})
    assert Organisation.objects.filter(affiliations__partnership=partnership).count() == 54
    staged.refresh_from_db()
    assert staged.applied_at is not None and bytes(staged.content) == b"" and staged.summary["created"] == 49
    event = import_events().get()
    assert event.actor_label == "business@example.test" and event.changes["filename"] == "edubase.csv"

    # Confirming twice imports once.
    again = signed_in.post(preview_url)
    assert again.status_code == 302 and import_events().count() == 1
    assert "This file has been imported" in signed_in.get(preview_url).content.decode()


def test_upload_of_a_bad_file_shows_the_problems_and_imports_nothing(signed_in, partnership):
    content = _generic("name,type,lead_email\nA School,school,not-an-email\nB School,spaceship,\n")
    response = signed_in.post(
        reverse("organisation_import", kwargs={"slug": SLUG}),
        {"format": "csv", "file": SimpleUploadedFile("register.csv", content, "text/csv")},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in text and "There is a problem" in text and "The file has 2 problems" in text
    assert "lead_email" in text and "&#x27;spaceship&#x27; is not a type of organisation" in text
    assert not RegisterImport.objects.exists() and not Organisation.objects.exists()


@pytest.mark.parametrize("posted", [{"format": "gias"}, {}], ids=["no file", "nothing"])
def test_upload_without_a_file_shows_the_error_summary(signed_in, posted):
    response = signed_in.post(reverse("organisation_import", kwargs={"slug": SLUG}), posted)
    assert response.status_code == 200 and "Choose the file to import" in response.content.decode()


def test_oversized_upload_is_refused(signed_in, settings):
    settings.REGISTER_IMPORT_MAX_BYTES = 1000
    response = signed_in.post(
        reverse("organisation_import", kwargs={"slug": SLUG}),
        {"format": "gias", "file": SimpleUploadedFile("big.csv", DEMO.read_bytes(), "text/csv")},
    )
    assert "must be smaller than" in response.content.decode() and not RegisterImport.objects.exists()


def test_confirm_rechecks_against_the_register_as_it_is_now(signed_in, partnership, business_user):
    content = _generic(
        "name,type,parent_name\nNorthfield Learning Trust,academy_trust,\n"
        "A School,school,Northfield Learning Trust\n"
    )
    signed_in.post(
        reverse("organisation_import", kwargs={"slug": SLUG}),
        {"format": "csv", "file": SimpleUploadedFile("r.csv", content, "text/csv")},
    )
    staged = RegisterImport.objects.get()
    # Meanwhile, two entries of that name and type appear in the register: which one the row means is unclear.
    for _ in range(2):
        services.organisation_create(by=None, partnership=partnership, name="A School", type="school")
    preview_url = reverse("organisation_import_preview", kwargs={"slug": SLUG, "import_id": staged.pk})

    response = signed_in.post(preview_url)

    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Organisation.objects.filter(type="academy_trust").exists() and not import_events().exists()


@pytest.mark.parametrize("role", ["partner_la", "iso", "board_member"])
def test_only_the_business_team_reaches_the_import_pages(client, partnership, business_user, settings, role):
    settings.SIGHTLINE_MFA_REQUIRED = False
    staged = RegisterImport.objects.create(
        partnership=partnership, format="gias", filename="x.csv", content=b"x"
    )
    client.force_login(_member(partnership, role, f"{role}@example.test"))
    upload_url = reverse("organisation_import", kwargs={"slug": SLUG})
    preview_url = reverse("organisation_import_preview", kwargs={"slug": SLUG, "import_id": staged.pk})

    assert client.get(upload_url).status_code == 404
    posted = {"format": "gias", "file": SimpleUploadedFile("a.csv", b"URN\r\n1")}
    assert client.post(upload_url, posted).status_code == 404
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url).status_code == 404
    staged.refresh_from_db()
    assert staged.applied_at is None


def test_another_partnerships_import_is_404(client, partnership, settings):
    settings.SIGHTLINE_MFA_REQUIRED = False
    other = services.partnership_create(by=None, name="Other SCP", slug="other-scp", area="O", la_code="888")
    staged = RegisterImport.objects.create(partnership=other, format="gias", filename="x.csv", content=b"x")
    client.force_login(_member(partnership, "business_team", "bt@example.test"))

    url = reverse("organisation_import_preview", kwargs={"slug": SLUG, "import_id": staged.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("size", [5, 60])
def test_preview_queries_do_not_grow_with_the_file(
    signed_in, partnership, django_assert_max_num_queries, size
):
    rows = [
        gias_row(100000 + n, name=f"School {n}", **{"Trusts (name)": f"Trust {n % 3}" if n % 2 else ""})
        for n in range(size)
    ]
    for n in range(0, size, 2):  # half of them already registered
        services.organisation_create(
            by=None, partnership=partnership, name=f"School {n}", type="school", urn=100000 + n
        )
    staged = RegisterImport.objects.create(
        partnership=partnership, format="gias", filename="x.csv", content=gias_bytes(rows)
    )
    url = reverse("organisation_import_preview", kwargs={"slug": SLUG, "import_id": staged.pk})
    with django_assert_max_num_queries(15):
        response = signed_in.get(url)
    assert response.status_code == 200 and f"School {size - 1}" in response.content.decode()
