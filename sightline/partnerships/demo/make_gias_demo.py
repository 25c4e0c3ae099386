"""Writes gias_demo.csv: a synthetic Get Information About Schools extract for the demo partnership.

    uv run python sightline/partnerships/demo/make_gias_demo.py

Deterministic (no randomness, no dates from the clock), so the committed file only changes when this script
does. Like the real download it is Windows-1252 text with CRLF line ends and GIAS's own column names, most of
which the import ignores. Every establishment, trust, street and number is made up; head teachers' names are
left empty; telephone numbers are in Ofcom's range for drama (01632 960xxx); DB is not a real postcode area.
"""

from __future__ import annotations

import csv
from pathlib import Path

OUTPUT = Path(__file__).with_name("gias_demo.csv")

HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)",
    "ReasonEstablishmentOpened (name)",
    "OpenDate",
    "ReasonEstablishmentClosed (code)",
    "ReasonEstablishmentClosed (name)",
    "CloseDate",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Boarders (code)",
    "Boarders (name)",
    "NurseryProvision (name)",
    "OfficialSixthForm (code)",
    "OfficialSixthForm (name)",
    "Gender (code)",
    "Gender (name)",
    "ReligiousCharacter (code)",
    "ReligiousCharacter (name)",
    "ReligiousEthos (name)",
    "Diocese (code)",
    "Diocese (name)",
    "AdmissionsPolicy (code)",
    "AdmissionsPolicy (name)",
    "SchoolCapacity",
    "SpecialClasses (code)",
    "SpecialClasses (name)",
    "CensusDate",
    "NumberOfPupils",
    "NumberOfBoys",
    "NumberOfGirls",
    "PercentageFSM",
    "TrustSchoolFlag (code)",
    "TrustSchoolFlag (name)",
    "Trusts (code)",
    "Trusts (name)",
    "SchoolSponsorFlag (name)",
    "SchoolSponsors (name)",
    "FederationFlag (name)",
    "Federations (code)",
    "Federations (name)",
    "UKPRN",
    "FEHEIdentifier",
    "FurtherEducationType (name)",
    "OfstedLastInsp",
    "LastChangedDate",
    "Street",
    "Locality",
    "Address3",
    "Town",
    "County (name)",
    "Postcode",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "HeadPreferredJobTitle",
    "GOR (code)",
    "GOR (name)",
    "UrbanRural (name)",
    "Easting",
    "Northing",
    "Country (name)",
    "UPRN",
]

# (code, name, group code, group name) as GIAS spells them.
COMMUNITY = ("01", "Community school", "4", "Local authority maintained schools")
VOLUNTARY_AIDED = ("02", "Voluntary aided school", "4", "Local authority maintained schools")
VOLUNTARY_CONTROLLED = ("03", "Voluntary controlled school", "4", "Local authority maintained schools")
FOUNDATION = ("05", "Foundation school", "4", "Local authority maintained schools")
COMMUNITY_SPECIAL = ("07", "Community special school", "5", "Special schools")
NON_MAINTAINED_SPECIAL = ("08", "Non-maintained special school", "5", "Special schools")
INDEPENDENT_SPECIAL = ("10", "Other independent special school", "3", "Independent schools")
INDEPENDENT = ("11", "Other independent school", "3", "Independent schools")
FOUNDATION_SPECIAL = ("12", "Foundation special school", "5", "Special schools")
PRU = ("14", "Pupil referral unit", "4", "Local authority maintained schools")
NURSERY = ("15", "Local authority nursery school", "4", "Local authority maintained schools")
FURTHER_EDUCATION = ("18", "Further education", "1", "Colleges")
SECURE_UNIT = ("24", "Secure units", "9", "Other types")
SPONSOR_LED = ("28", "Academy sponsor led", "10", "Academies")
CONVERTER = ("34", "Academy converter", "10", "Academies")
FREE_SCHOOL = ("35", "Free schools", "11", "Free Schools")
AP_ACADEMY = ("42", "Academy alternative provision converter", "10", "Academies")
SPECIAL_ACADEMY = ("44", "Academy special converter", "10", "Academies")

# (code, name, low age, high age)
NURSERY_PHASE = ("1", "Nursery", 2, 5)
PRIMARY = ("2", "Primary", 4, 11)
MIDDLE = ("5", "Middle deemed secondary", 9, 13)
SECONDARY = ("4", "Secondary", 11, 18)
SIXTEEN_PLUS = ("6", "16 plus", 16, 19)
ALL_THROUGH = ("7", "All-through", 4, 18)
NOT_APPLICABLE = ("0", "Not applicable", 5, 19)

TRUSTS = {
    "riverside": ("17001", "Riverside Learning Trust"),
    "oakmere": ("17002", "Oakmere Academies Trust"),
    "bronte": ("17003", "Brontë Valley Education Trust"),
    "farside": ("17004", "Farside Schools Trust"),
}
OPEN, CLOSED, PROPOSED_TO_CLOSE = ("1", "Open"), ("2", "Closed"), ("3", "Open, but proposed to close")

GFE, SFC = "General Further Education College", "Sixth Form College"
CE = "Church of England"

# (name, type, phase, trust, status, further education type, religious character)
DEMO_BOROUGH = [
    ("Ashgrove Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Beechwood Infant School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Beechwood Junior School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Brackenfield Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Castle Mead Primary School", FOUNDATION, PRIMARY, None, OPEN, "", ""),
    ("St Mary’s Church of England Primary School, Demoford", VOLUNTARY_AIDED, PRIMARY, None, OPEN, "", CE),
    ("St Joseph's Catholic Primary School", VOLUNTARY_AIDED, PRIMARY, None, OPEN, "", "Roman Catholic"),
    ("Holy Trinity CofE Primary School", VOLUNTARY_CONTROLLED, PRIMARY, None, OPEN, "", CE),
    ("Kingfisher Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Larkspur Lane Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Millbrook Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Northgate Nursery School", NURSERY, NURSERY_PHASE, None, OPEN, "", ""),
    ("Orchard Vale Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Pennywell Primary School", COMMUNITY, PRIMARY, None, PROPOSED_TO_CLOSE, "", ""),
    ("Bluebell Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Elmtree Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Goldcrest Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Juniper Primary School", VOLUNTARY_CONTROLLED, PRIMARY, None, OPEN, "", CE),
    ("Moorside Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Quarry Hill Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Sandpiper Primary School", FOUNDATION, PRIMARY, None, OPEN, "", ""),
    ("Tern Meadow Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Riverside Primary Academy", CONVERTER, PRIMARY, "riverside", OPEN, "", ""),
    ("Willowbank Primary Academy", SPONSOR_LED, PRIMARY, "riverside", OPEN, "", ""),
    ("Hazelmere Primary Academy", CONVERTER, PRIMARY, "oakmere", OPEN, "", ""),
    ("Foxhollow Primary Academy", CONVERTER, PRIMARY, "oakmere", OPEN, "", ""),
    ("Heathcote Primary Academy", CONVERTER, PRIMARY, "bronte", OPEN, "", ""),
    ("Skylark Free School", FREE_SCHOOL, PRIMARY, "bronte", OPEN, "", ""),
    ("Demoford High School", COMMUNITY, SECONDARY, None, OPEN, "", ""),
    ("Eastbrook School", FOUNDATION, SECONDARY, None, OPEN, "", ""),
    ("Cardinal Newby Catholic High School", VOLUNTARY_AIDED, SECONDARY, None, OPEN, "", "Roman Catholic"),
    ("Westfield Park School", COMMUNITY, SECONDARY, None, OPEN, "", ""),
    ("Riverside Academy", CONVERTER, SECONDARY, "riverside", OPEN, "", ""),
    ("Kestrel Rise All-Through School", CONVERTER, ALL_THROUGH, "riverside", OPEN, "", ""),
    ("Oakmere Academy", SPONSOR_LED, SECONDARY, "oakmere", OPEN, "", ""),
    ("Brontë Valley Academy", CONVERTER, SECONDARY, "bronte", OPEN, "", ""),
    ("Meadowside School", COMMUNITY_SPECIAL, NOT_APPLICABLE, None, OPEN, "", ""),
    ("Fernlea Special School", FOUNDATION_SPECIAL, NOT_APPLICABLE, None, OPEN, "", ""),
    ("The Lantern School", NON_MAINTAINED_SPECIAL, NOT_APPLICABLE, None, OPEN, "", ""),
    ("Harbour View Academy", SPECIAL_ACADEMY, NOT_APPLICABLE, "oakmere", OPEN, "", ""),
    ("Demoford College", FURTHER_EDUCATION, SIXTEEN_PLUS, None, OPEN, GFE, ""),
    ("Demoford Sixth Form College", FURTHER_EDUCATION, SIXTEEN_PLUS, None, OPEN, SFC, ""),
    ("The Bridge Pupil Referral Unit", PRU, NOT_APPLICABLE, None, OPEN, "", ""),
    ("Compass Alternative Provision Academy", AP_ACADEMY, NOT_APPLICABLE, "bronte", OPEN, "", ""),
    ("Thornbury House School", INDEPENDENT, ALL_THROUGH, None, OPEN, "", ""),
    ("Greystones Preparatory School", INDEPENDENT, PRIMARY, None, OPEN, "", ""),
    ("Redbrook Hall School", INDEPENDENT, SECONDARY, None, OPEN, "", ""),
    ("Willow Tree Independent Special School", INDEPENDENT_SPECIAL, NOT_APPLICABLE, None, OPEN, "", ""),
    ("Hillcrest Secure Children's Unit", SECURE_UNIT, NOT_APPLICABLE, None, OPEN, "", ""),
    ("Old Mill Primary School", COMMUNITY, PRIMARY, None, CLOSED, "", ""),
    ("Eastbrook Middle School", COMMUNITY, MIDDLE, None, CLOSED, "", ""),
]

OTHER_BOROUGH = [
    ("Farside Primary School", COMMUNITY, PRIMARY, None, OPEN, "", ""),
    ("Farside Church of England Infant School", VOLUNTARY_AIDED, PRIMARY, None, OPEN, "", CE),
    ("Farside High School", COMMUNITY, SECONDARY, None, OPEN, "", ""),
    ("Farside Primary Academy", CONVERTER, PRIMARY, "farside", OPEN, "", ""),
    ("Farside Academy", SPONSOR_LED, SECONDARY, "farside", OPEN, "", ""),
    ("Farside Special School", COMMUNITY_SPECIAL, NOT_APPLICABLE, None, OPEN, "", ""),
    ("Farside College", FURTHER_EDUCATION, SIXTEEN_PLUS, None, OPEN, GFE, ""),
    ("Farside Old School", COMMUNITY, PRIMARY, None, CLOSED, "", ""),
]

STREETS = [
    "Mill Lane",
    "Church Road",
    "Station Road",
    "Park Avenue",
    "High Street",
    "Victoria Road",
    "School Lane",
    "Green Way",
    "Orchard Close",
    "Meadow Rise",
    "Quarry Road",
    "Brook Street",
]


def _row(index: int, urn: int, la: tuple[str, str], establishment: tuple) -> dict[str, str]:
    name, kind, phase, trust, status, fe_type, religion = establishment
    type_code, type_name, group_code, group_name = kind
    phase_code, phase_name, low, high = phase
    ours = la[0] == "999"
    closed = status == CLOSED
    pupils = 0 if closed else 60 + (index * 37) % 900
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower().encode("ascii", "ignore").decode())
    postcode = f"{'DB' if ours else 'FB'}{index % 9 + 1} {index % 10}"
    postcode += "ABDEFGHJLN"[index % 10] + "PQRSTUWXYZ"[(index * 3) % 10]
    row = dict.fromkeys(HEADER, "")
    row.update(
        {
            "URN": str(urn),
            "LA (code)": la[0],
            "LA (name)": la[1],
            "EstablishmentNumber": str((int(type_code) % 10 + 1) * 1000 + index),
            "EstablishmentName": name,
            "TypeOfEstablishment (code)": type_code,
            "TypeOfEstablishment (name)": type_name,
            "EstablishmentTypeGroup (code)": group_code,
            "EstablishmentTypeGroup (name)": group_name,
            "EstablishmentStatus (code)": status[0],
            "EstablishmentStatus (name)": status[1],
            "ReasonEstablishmentOpened (code)": "00",
            "ReasonEstablishmentOpened (name)": "Not applicable",
            "OpenDate": f"01-09-{1990 + index % 30}" if trust else "",
            "ReasonEstablishmentClosed (code)": "05" if closed else "00",
            "ReasonEstablishmentClosed (name)": "Merged" if closed else "Not applicable",
            "CloseDate": f"31-08-{2016 + index % 5}" if closed else "",
            "PhaseOfEducation (code)": phase_code,
            "PhaseOfEducation (name)": phase_name,
            "StatutoryLowAge": str(low),
            "StatutoryHighAge": str(high),
            "Boarders (code)": "1",
            "Boarders (name)": "No boarders",
            "NurseryProvision (name)": "Has Nursery Classes"
            if phase is NURSERY_PHASE
            else "No Nursery Classes",
            "OfficialSixthForm (code)": "1" if high >= 18 else "2",
            "OfficialSixthForm (name)": "Has a sixth form" if high >= 18 else "Does not have a sixth form",
            "Gender (code)": "3",
            "Gender (name)": "Mixed",
            "ReligiousCharacter (name)": religion or "Does not apply",
            "ReligiousEthos (name)": religion or "Does not apply",
            "AdmissionsPolicy (name)": "Not applicable",
            "SchoolCapacity": str(pupils + 30) if pupils else "",
            "CensusDate": "" if closed else "16-01-2025",
            "NumberOfPupils": str(pupils) if pupils else "",
            "NumberOfBoys": str(pupils // 2) if pupils else "",
            "NumberOfGirls": str(pupils - pupils // 2) if pupils else "",
            "PercentageFSM": "" if closed else f"{(index * 7) % 40 + 5}.{index % 10}",
            "TrustSchoolFlag (code)": "5" if trust else "0",
            "TrustSchoolFlag (name)": "Supported by a multi-academy trust" if trust else "Not applicable",
            "Trusts (code)": TRUSTS[trust][0] if trust else "",
            "Trusts (name)": TRUSTS[trust][1] if trust else "",
            "SchoolSponsorFlag (name)": "Not applicable",
            "FederationFlag (name)": "Not under a federation",
            "UKPRN": "" if closed else str(10990000 + index + (0 if ours else 500)),
            "FurtherEducationType (name)": fe_type or "Not applicable",
            "LastChangedDate": "01-04-2025",
            "Street": f"{index + 1} {STREETS[index % len(STREETS)]}",
            "Town": "Demoford" if ours else "Farside",
            "County (name)": "Not recorded",
            "Postcode": postcode,
            "SchoolWebsite": "" if closed else f"https://{slug.strip('-')}.example.org",
            "TelephoneNum": "" if closed else f"01632 960{index:03d}",
            "HeadPreferredJobTitle": "Principal" if fe_type else "Headteacher",
            "GOR (code)": "Z",
            "GOR (name)": "Not applicable",
            "UrbanRural (name)": "(England/Wales) Urban city and town",
            "Easting": str(400000 + index * 113),
            "Northing": str(300000 + index * 97),
        }
    )
    return row


def rows() -> list[dict[str, str]]:
    """Both boroughs' establishments in URN order, the other borough's among ours as in the real file."""
    others = iter(OTHER_BOROUGH)
    merged = []
    for position, establishment in enumerate(DEMO_BOROUGH):
        merged.append((("999", "Demo Borough"), establishment))
        if position % 6 == 5:
            merged.extend((("888", "Other Borough"), other) for other in [next(others, None)] if other)
    merged.extend((("888", "Other Borough"), other) for other in others)
    return [_row(index, 990001 + index, la, item) for index, (la, item) in enumerate(merged)]


def render() -> bytes:
    import io

    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows())
    return buffer.getvalue().encode("cp1252")


if __name__ == "__main__":
    OUTPUT.write_bytes(render())
    print(f"Wrote {OUTPUT}")
