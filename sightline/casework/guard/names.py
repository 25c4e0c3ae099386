"""Personal names in ordinary sentences. Practice writing is full of capitalised words that are not people (roles,
agencies, places, months, meetings, "Section 47", "Child A"), so a capitalised word alone is never enough. A name
is found as:

- a forename and a surname from the shipped lists ("Jake Smith"), or a listed forename followed by a capitalised
  word that is not an ordinary or practice word ("Jake Przybylski"), or the other way round ("Kacper Smith");
- a title and a capitalised word ("Mrs Okafor");
- a listed forename alone that is not also an ordinary word ("Amira", not "Grace" or "May"), where a person is
  plainly meant: "Amira was seen", "Amira's mother", "told Amira", "Amira (aged 6)".

Two words are not a name when the next word makes them a place or body named after someone ("John Radcliffe
Hospital", "Clare's Law"), or a word before makes them one ("St Thomas", "Queen Elizabeth").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

NAME = "name"
DATA = Path(__file__).with_name("data")


@cache
def _listed(filename: str) -> frozenset[str]:
    lines = (DATA / filename).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def forenames() -> frozenset[str]:
    return _listed("forenames.txt")


def surnames() -> frozenset[str]:
    return _listed("surnames.txt")


@cache
def ordinary() -> frozenset[str]:
    """Lower-case words that are ordinary English as well as names: they never count as a name on their own."""
    return _listed("common_words.txt") | ORDINARY


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that are names but also ordinary English, dates or virtues, in lower case.
ORDINARY = _words(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday christmas easter eid diwali
    will mark bill grace hope faith joy rose dawn summer autumn winter spring sky star angel blessing precious
    patience prudence honour unity gift favour destiny harmony heaven justice king prince major pat sue rob
    frank jack art chance chase cash clay dale dean drew gene glen guy hunter lane miles ray reed rich sandy
    stone wade warren wood amber ruby ivy holly daisy lily poppy violet jade crystal pearl iris heather hazel
    willow sage river ocean storm sunny golden royal noble earl baron duke lord lady sir dame don gay
    victory temple trust legend marvel journey peace love lucky happy ace bliss rock ash birch
    """
)

# Capitalised words of practice writing: roles, agencies, meetings, documents and the words that start sentences
# in them. Never part of a name.
PRACTICE = _words(
    """
    The A An And Or But If When Where While After Before During Since Until Following Despite Although Because
    This That These Those He She They His Her Their It Its We Our You Your I There Here Then However Also Both
    All Each Every No Not None Some Any Many Most Several Further Overall Initially Later Subsequently Finally
    Child Children Baby Babies Infant Young Person People Mother Father Mum Dad Parent Parents Carer Carers
    Sibling Siblings Brother Sister Grandparent Grandmother Grandfather Nan Grandad Stepfather Stepmother
    Partner Family Families Boy Girl Son Daughter Toddler Teenager Pupil Pupils Student Patient Adult Adults
    School Schools College Nursery Police Social Worker Workers Health Visitor Visitors Midwife Midwifery GP
    Nurse Doctor Paediatrician Consultant Council Trust Hospital Service Services Team Agency Agencies
    Partnership Board Panel Case Record Records Plan Plans Assessment Audit Audits Review Reviews Meeting
    Conference Strategy Discussion Section Year Years Group Core Early Help Care Protection Safeguarding
    Designated Named Lead Leads Officer Officers Manager Managers Head Deputy Chair Director Senior Principal
    Assistant Executive Local National Regional District County City Borough Metropolitan Independent
    Scrutiny Thematic Learning Practice Rapid Serious Domestic Abuse Neglect Exploitation Missing Education
    Mental Sexual Criminal Emotional Physical Harm Risk Risks Need Needs Support Front Door Multi Agency
    Working Together Keeping Safe Act Law Rule Guidance Procedure Procedures Policy Policies Framework
    Threshold Thresholds Referral Referrals Contact Visit Visits Home Visit Report Reports Briefing Briefings
    Findings Finding Highlights Action Actions Recommendation Recommendations Overview Background Outcome
    Outcomes Learning Question Questions Reflection Reading Notes Note Summary Key Areas Area What Why How Who
    Integrated Commissioning Clinical Foundation Teaching University Royal General District Community Primary
    Secondary Infant Junior Academy Federation Special Alternative Provision Pupil Referral Unit Ward Wards
    Emergency Department Accident Maternity Paediatric Neonatal Mental Adult Adults Youth Justice Probation
    Housing Children's Women's Mothers Fathers Parenting Online Office Centre Centres Hub Hubs Front MASH
    Operation Encompass Signs Safety Graded Care Profile Tool Toolkit Pathway Protocol Standard Standards
    Sergeant Constable Inspector Detective Superintendent Chief Professor Judge Magistrate Justice
    Ofsted CQC HMICFRS NHS ICB ICS CAMHS LADO DSL SENCO SEND EHCP ADHD ASD CSE CCE CIN CP CLA LAC MARAC MAPPA
    GCSE ED AE GP GPs SW IRO ISO CPC ICPC RCPC TAF EHA FGC CSPR LCSPR SCR DHR SAR CSC LA LSCP WT
    English Maths Science Reception Nursery Term Autumn Spring Summer Week Weeks Month Months Day Days
    North South East West Northern Southern Eastern Western Central Greater Upper Lower New Old Great
    Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady St Saint
    """
)

# A person named after a title: the next capitalised word is a surname (or a forename).
TITLES = _words("Mr Mrs Ms Miss Mx Master Dr")
# Words before two capitalised words that make them a place, a body or a public figure, not a person in the case.
PRECEDERS = _words(
    "St Saint Holy Blessed Sacred Queen King Prince Princess Duke Duchess Lady Lord Sir Dame Royal Mount Port "
    "Fort Lake River Cape "
    "Baroness Baron Earl Bishop Archbishop Canon Reverend Rev"
)
# Words after a name that make it a place, building, ward, body, law or scheme named after someone.
NAMED_AFTER = _words(
    """
    Hospital Hospitals School Schools Academy College University Nursery Centre Center House Trust Foundation
    Infirmary Clinic Surgery Practice Medical Health Unit Ward Wing Building Library Hall Court Road Street Lane
    Avenue Close Drive Way Crescent Place Gardens Grove Terrace Park Square Station Line Airport Bridge Estate
    Church Chapel Mosque Temple Gurdwara Synagogue Memorial Lodge Community Primary Infant Infants Junior
    Secondary High Grammar Federation Partnership Review Report Law Rule Act Award Fund Prize Programme Project
    Scheme Institute Museum Zoo Dock Campus Village Quarter Arena Stadium Theatre Hotel Inn Arms Club Barracks
    Prison Children's Women's Hospice Centres Team Service Services Group Council County City Borough Police
    """
)
# Street words: "Hope Street" is a place even though both words are names (so "Joe Lane" is missed).
STREETS = _words(
    "Street Road Lane Avenue Close Drive Way Crescent Place Gardens Grove Terrace Square Court Park Row"
)
# Surnames that are also words of place names ("Hollowell Hill", "Oxhill Oak"): they make a name only after a
# listed forename ("Jack Hill").
PLACE_WORDS = _words(
    "Hill Oak Oaks Bridge Cross Vale Wood Woods Field Fields Brook Moor Marsh Ford Dale Heath Bank Banks Well "
    "Wells Mill Mills Stone Lake Church Hall Gate Hurst Holme Thorpe Wick Combe Down Downs Common Valley Glen "
    "Grange Farm Barn Lea Leigh Ley Hey Mead Mere Ridge Side End Edge Bottom Top Orchard Acre Acres Nest Tree"
)
# Places in England whose names are also forenames, and two-word places that read as a forename and a surname.
PLACES = _words(
    "Devon Kent Lincoln Preston Chester Milton Florence Victoria Chelsea India Paris Sydney Jersey Beverley "
    "Shirley Sandy Whitley Warwick Stafford Crawley Carlisle Kendal Hastings Bradley Ashley Clifton Sutton "
    "Morley Burnley Barnsley Wigan Bolton Bury Selby Ripon Skipton Stanley Stockton Darlington Hartlepool "
    "Durham Lancaster Harrogate Halifax Craven Calder Colne Nelson Clayton Denton Everton Kirkby Hyde Bude"
)
PLACE_PHRASES = {("Milton", "Keynes"), ("Stoke", "Newington"), ("Hebden", "Bridge"), ("Alder", "Hey")}
# A forename on its own is a person when a word of doing or saying follows it, or a word of meeting or telling
# comes before it.
AFTER = _words(
    """
    was is has had said says told disclosed attended attends lives lived went goes missed reported stated
    became did does would could should appeared seemed presented spoke explained described shared asked wanted
    wants felt feels likes enjoys remains remained returned moved stayed stays sleeps slept cried ran refused
    agreed denied alleged and who himself herself
    """
)
BEFORE = _words("told asked saw see seen visited met meeting named called with about spoke to for by and")
AGE_AFTER = re.compile(
    r"^(?:,\s*|\s*\(\s*)(?:aged?\s+\d|\d{1,2}\s*(?:\)|,|years?|yrs?|months?))", re.IGNORECASE
)
# A relative named beside the word for them: "Mum (Sarah)", "the mother, Sarah,".
RELATIVES = _words(
    """
    mother father mum dad parent carer sister brother son daughter child baby sibling grandmother grandfather
    nan grandad stepfather stepmother uncle aunt auntie cousin partner boyfriend girlfriend husband wife
    """
)
APPOSITION = re.compile(r"^(?:\s*\(\s*|,\s*)$")

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Token:
    start: int
    end: int  # of the word without a possessive 's
    word: str
    possessive: bool

    @property
    def capitalised(self) -> bool:
        return self.word[:1].isupper() and (len(self.word) == 1 or not self.word[1:].isupper())


def _tokens(text: str) -> list[Token]:
    tokens = []
    for match in WORD.finditer(text):
        word, possessive = match.group(), False
        if len(word) > 2 and word[-2:] in ("'s", "’s"):
            word, possessive = word[:-2], True
        tokens.append(Token(match.start(), match.start() + len(word), word, possessive))
    return tokens


def _joined(text: str, first: Token, second: Token) -> bool:
    """Two words stand together in one phrase: only spaces between them, and no possessive on the first."""
    gap = text[first.end : second.start]
    return not first.possessive and 0 < len(gap) <= 2 and gap.strip(" ") == ""


def _plain(token: Token) -> bool:
    """A capitalised word that is neither an ordinary English word nor a word of practice writing."""
    return (
        token.capitalised
        and token.word not in PRACTICE
        and token.word.lower() not in ordinary()
        and len(token.word) > 1
    )


def _full_name(first: Token, second: Token) -> bool:
    if not (first.capitalised and second.capitalised) or first.word in PRACTICE or second.word in PRACTICE:
        return False
    if (first.word, second.word) in PLACE_PHRASES or second.word in STREETS:
        return False
    listed_first, listed_second = first.word in forenames(), second.word in surnames()
    if listed_first and listed_second:
        return True
    if second.word in PLACE_WORDS:
        return False
    if listed_first and first.word not in PLACES and _plain(first) and _plain(second):
        return True
    return listed_second and _plain(first) and _plain(second)


def _upper_name(first: Token, second: Token) -> bool:
    """ "JAKE SMITH": both listed, each at least three letters, so that "ED" or "GP" never count."""
    a, b = first.word, second.word
    return (
        a.isupper() and b.isupper() and len(a) > 2 and len(b) > 2
        and a.title() in forenames() and b.title() in surnames()
    )  # fmt: skip


def _forename_alone(text: str, tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    if not (token.word in forenames() and token.word not in PLACES and _plain(token)):
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    before = tokens[i - 1] if i > 0 else None
    if after is not None and after.word in NAMED_AFTER and (token.possessive or _joined(text, token, after)):
        return False
    if token.possessive and after is not None and after.capitalised and after.start - token.end <= 3:
        return False  # "Robin's Nest Pre-school": a possessive before a capitalised word names a place
    if token.possessive or AGE_AFTER.match(text[token.end : token.end + 20]):
        return True
    if after is not None and _joined(text, token, after) and after.word in AFTER:
        return True
    if (
        before is not None
        and before.word.lower() in RELATIVES
        and APPOSITION.match(text[before.end : token.start])
    ):
        return True
    if text[token.start - 1 : token.start] == "(" and text[token.end : token.end + 1] == ")":
        return True  # "(Sarah)": a name given in brackets
    return before is not None and _joined(text, before, token) and before.word.lower() in BEFORE


def names(text: str) -> Iterator[tuple[str, int, int]]:
    tokens = _tokens(text)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        before = tokens[i - 1] if i > 0 else None
        preceded = before is not None and _joined(text, before, token) and before.word in PRECEDERS
        if after is not None and _joined(text, token, after) and not preceded:
            third = tokens[i + 2] if i + 2 < len(tokens) else None
            named_after = third is not None and third.word in NAMED_AFTER and _joined(text, after, third)
            if token.word in TITLES and after.capitalised and after.word not in PRACTICE:
                yield NAME, token.start, after.end
                i += 2
                continue
            if not named_after and (_full_name(token, after) or _upper_name(token, after)):
                yield NAME, token.start, after.end
                i += 2
                continue
        if not preceded and _forename_alone(text, tokens, i):
            yield NAME, token.start, token.end
        i += 1
