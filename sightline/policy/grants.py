"""The role table's annotations: every permission of the policy (sightline/policy/) named with the kind of record it
opens, whether it reads or writes it and what it is asked about (`GRANTS`), the kinds of record (`RECORDS`) and the
roles (`ROLES`). Which roles hold each permission is never written here: `table.evaluate` asks the policy."""

from __future__ import annotations

from dataclasses import dataclass

ALL, OWN, NONE = "all", "own", "none"
READ, WRITE = "read", "write"

# (key, label, what "own" means for it)
RECORDS: list[tuple[str, str, str]] = [
    ("partnership", "The partnership's home page", ""),
    ("register", "The organisation register and the partnership's groups", "their organisation's entry"),
    ("people", "People and their roles", "the people of their organisation"),
    ("returns", "Self-assessment returns and their evidence", "their organisation's returns"),
    ("results", "Self-assessment cycles, the composite report and the progress report", ""),
    (
        "activities",
        "Assurance activities: detail, programme, people, dates and sign-offs",
        "the activities they are assigned to as ISO, sit on the panel of or are called in to; a sign-off "
        "addressed to them",
    ),
    (
        "casework",
        "Cases, case audits and the panel pack",
        "their organisation's case audits; the cases and pack of a panel they sit on",
    ),
    ("plans", "Action plans and actions", "plans with actions their organisation owns"),
    ("board", "The board summary and escalations to the board", ""),
    ("reviews", "The reviews register", ""),
    ("meetings", "Meetings of the groups: agendas, decisions, minutes", ""),
    ("priorities", "The partnership's priorities and the progress made on each", ""),
    ("presentations", "Where reports were presented: the register of presentations and the bodies", ""),
    ("yearly_report", "The yearly report: every edition, its figures and the records behind them", ""),
    (
        "iso_reports",
        "ISO reports once issued: recommendations, responses, judgements, days and the board",
        "the reports they wrote; the reports addressed to their organisation, and the responses they answer for "
        "(their organisation's, or their statutory partner's as its delegated partner)",
    ),
    ("iso_report_drafts", "ISO reports in draft", "the drafts they wrote"),
    (
        "disputes",
        "Disputes between the partners or between agencies: parties, history, outcome; the escalation stages",
        "the disputes their organisation, or the statutory partner they represent, is a party to; for an ISO, "
        "one they were asked to assist with",
    ),
    ("iso_pool", "The ISO pool: officers, budgets and days in total", ""),
    ("ledger", "Each ISO's day ledger", "their own ledger"),
    ("briefings", "Learning briefings", ""),
    ("library", "The template library", ""),
    ("audit", "The audit trail", ""),
    ("installation", "Partnerships and their first accounts", ""),
]

# (key, label): the columns of the table, in the order of ARCHITECTURE.md §1.
ROLES: list[tuple[str, str]] = [
    ("business_team", "Business team"),
    ("partner_la", "Partner (LA)"),
    ("partner_icb", "Partner (ICB)"),
    ("partner_police", "Partner (police)"),
    ("iso_assigned", "ISO, assigned"),
    ("iso_unassigned", "ISO, not assigned"),
    ("panel_member", "Panel member"),
    ("learning_chair", "Learning chair"),
    ("learning_member", "Learning member"),
    ("board_member", "Board member"),
    ("agency_lead", "Agency lead"),
    ("contributor", "Contributor"),
    ("signatory", "Signatory"),
    ("operator", "Operator"),
    ("no_role", "Signed in, no role"),
    ("other_partnership", "Another partnership"),
    ("anonymous", "Not signed in"),
]


@dataclass(frozen=True)
class Grant:
    """One permission of the policy, as the role table reads it.

    `on` names what the permission is asked about: "" (nothing: installation-level), "partnership", or a sample
    record ("organisation", "return", "activity", "sign_off", "action", "case_audit"). For a partnership-level
    permission that opens a list the selectors narrow, `scope` says how far it reaches: "all", "own", or the
    name of the policy predicate (on the partnership) under which it reaches every record, and otherwise only the
    person's own. `summary=False` leaves a gate out of the role × record summary, where the record-level
    permission behind it decides."""

    perm: str
    record: str
    mode: str
    what: str
    on: str = "partnership"
    scope: str = ALL
    summary: bool = True


GRANTS: list[Grant] = [
    Grant("partnerships.view_partnership", "partnership", READ, "the partnership's home page"),
    Grant("partnerships.view_register", "register", READ, "the register and each organisation's entry"),
    Grant(
        "partnerships.view_partnership",
        "register",
        READ,
        "an organisation's entry (`organisations_visible_to`)",
        scope="sees_whole_partnership",
    ),
    Grant("partnerships.view_groups", "register", READ, "the groups and their members"),
    Grant("partnerships.manage_register", "register", WRITE, "add, import and export organisations"),
    Grant(
        "partnerships.edit_organisation", "register", WRITE, "change an organisation's entry", "organisation"
    ),
    Grant("partnerships.view_people", "people", READ, "everyone with a role, and their roles"),
    Grant("partnerships.manage_people", "people", WRITE, "invite people, disable them, remove roles"),
    Grant(
        "partnerships.invite_to_organisation",
        "people",
        WRITE,
        "invite people to an organisation",
        "organisation",
    ),
    Grant("assessments.view_returns", "returns", READ, "the tracking list of every organisation's return"),
    Grant(
        "assessments.view_return", "returns", READ, "a return, its answers and its evidence files", "return"
    ),
    Grant("assessments.answer_return", "returns", WRITE, "answer a return and upload evidence", "return"),
    Grant("assessments.sign_off_return", "returns", WRITE, "sign a return off", "return"),
    Grant("assessments.review_return", "returns", WRITE, "challenge or accept a return", "return"),
    Grant("assessments.view_cycles", "results", READ, "cycles, the composite report, the progress report"),
    Grant("assessments.manage_cycles", "results", WRITE, "make, open, close and archive cycles"),
    Grant(
        "assurance.view_activities",
        "activities",
        READ,
        "the list and calendar (showing only the activities the person may read)",
        summary=False,
    ),
    Grant(
        "assurance.view_activity",
        "activities",
        READ,
        "an activity, its programme, people and dates",
        "activity",
    ),
    Grant("assurance.manage_activities", "activities", WRITE, "start activities"),
    Grant("assurance.propose_activity", "activities", WRITE, "propose an activity to the partners"),
    Grant(
        "assurance.record_unavailability",
        "activities",
        WRITE,
        "say when they are unavailable (their own calendar, not an activity)",
        scope=OWN,
        summary=False,
    ),
    Grant(
        "assurance.manage_activity",
        "activities",
        WRITE,
        "change an activity, its dates and people",
        "activity",
    ),
    Grant(
        "assurance.record_event", "activities", WRITE, "record preparation, feedback, overview", "activity"
    ),
    Grant("assurance.answer_dates", "activities", WRITE, "say which dates suit them", "activity"),
    Grant("assurance.answer_call_in", "activities", WRITE, "respond to a call-in", "activity"),
    Grant("assurance.decide_endorsement", "activities", WRITE, "endorse or decline a sign-off", "sign_off"),
    Grant(
        "casework.view_casework",
        "casework",
        READ,
        "cases and case audits of the partnership's activities",
        scope="is_business_team",
    ),
    Grant("casework.view_activity_cases", "casework", READ, "an activity's cases and panel", "activity"),
    Grant("casework.read_audit", "casework", READ, "a returned case audit", "case_audit"),
    Grant("casework.view_own_audits", "casework", READ, "their organisation's case audits", scope=OWN),
    Grant(
        "casework.view_own_audits", "casework", WRITE, "answer their organisation's case audits", scope=OWN
    ),
    Grant("casework.manage_cases", "casework", WRITE, "cases, panels and requests for audits"),
    Grant(
        "casework.prepare", "casework", WRITE, "prepare for the panel, read and download the pack", "activity"
    ),
    Grant(
        "improvement.view_plans",
        "plans",
        READ,
        "action plans and their actions",
        scope="sees_whole_partnership",
    ),
    Grant("improvement.view_own_actions", "plans", READ, "the actions their organisation owns", scope=OWN),
    Grant("improvement.manage_plans", "plans", WRITE, "raise and close plans"),
    Grant("improvement.edit_action", "plans", WRITE, "change an action", "action"),
    Grant("improvement.update_action", "plans", WRITE, "report progress on an action", "action"),
    Grant("improvement.decide_action", "plans", WRITE, "verify, return or extend an action", "action"),
    Grant("improvement.decide", "plans", WRITE, "the learning group's decisions on plans"),
    Grant("improvement.view_board_summary", "board", READ, "the board summary"),
    Grant("improvement.view_escalations", "board", READ, "escalations to the board"),
    Grant("improvement.decide", "board", WRITE, "resolve escalations"),
    Grant("improvement.view_reviews", "reviews", READ, "the reviews register"),
    Grant("improvement.manage_reviews", "reviews", WRITE, "record and change reviews"),
    Grant(
        "partnerships.view_priorities",
        "priorities",
        READ,
        "the priorities, what was done on each and whether there is evidence of progress",
    ),
    Grant("partnerships.manage_priorities", "priorities", WRITE, "add, change, end and remove priorities"),
    Grant("governance.view_meetings", "meetings", READ, "agendas, decisions and minutes"),
    Grant(
        "governance.manage_meetings", "meetings", WRITE, "schedule meetings, build agendas, record decisions"
    ),
    Grant(
        "governance.view_presentations", "presentations", READ, "presentations, their outcomes and questions"
    ),
    Grant(
        "governance.manage_presentations",
        "presentations",
        WRITE,
        "the bodies; plan, record and cancel presentations; questions and their actions",
    ),
    Grant(
        "governance.view_yearly_reports",
        "yearly_report",
        READ,
        "every edition, its figures and their records",
    ),
    Grant(
        "governance.manage_yearly_reports",
        "yearly_report",
        WRITE,
        "draft it, send it for scrutiny and sign-off, publish it and record where it was sent",
    ),
    Grant(
        "governance.scrutinise_yearly_reports",
        "yearly_report",
        WRITE,
        "comment on a draft and write the scrutiny statement, when asked to",
        scope=OWN,
    ),
    Grant(
        "scrutiny.view_reports",
        "iso_reports",
        READ,
        "the list of reports (showing only those the person may read)",
        scope="sees_whole_partnership",
        summary=False,
    ),
    Grant(
        "scrutiny.view_report",
        "iso_reports",
        READ,
        "an issued report and where each response stands",
        "iso_report",
    ),
    Grant("scrutiny.view_report", "iso_report_drafts", READ, "a draft report", "iso_draft"),
    Grant("scrutiny.write_reports", "iso_report_drafts", WRITE, "start a report", scope=OWN, summary=False),
    Grant(
        "scrutiny.edit_report",
        "iso_report_drafts",
        WRITE,
        "change a draft and its recommendations",
        "iso_draft",
    ),
    Grant("scrutiny.issue_report", "iso_report_drafts", WRITE, "issue a draft", "iso_draft"),
    Grant(
        "scrutiny.answer_recommendations",
        "iso_reports",
        READ,
        "the recommendations waiting for their answer",
        scope=OWN,
        summary=False,
    ),
    Grant(
        "scrutiny.answer_response",
        "iso_reports",
        WRITE,
        "answer a recommendation: accepted or not, reasons, actions",
        "recommendation_response",
    ),
    Grant(
        "scrutiny.judge_response", "iso_reports", WRITE, "judge a response sufficient or not", "iso_report"
    ),
    Grant(
        "scrutiny.record_report_days", "iso_reports", WRITE, "record the days spent on a report", "iso_report"
    ),
    Grant(
        "scrutiny.place_report_on_agenda",
        "iso_reports",
        WRITE,
        "put a report on a board meeting's agenda",
        "iso_report",
    ),
    Grant(
        "scrutiny.view_disputes",
        "disputes",
        READ,
        "the list of disputes (showing only those the person may read)",
        scope="is_business_team",
        summary=False,
    ),
    Grant("scrutiny.view_dispute", "disputes", READ, "a dispute, its parties and its history", "dispute"),
    Grant(
        "scrutiny.record_dispute",
        "disputes",
        WRITE,
        "record a dispute (a safeguarding lead: one their organisation is a party to)",
        scope="records_any_dispute",
    ),
    Grant(
        "scrutiny.move_dispute", "disputes", WRITE, "escalate it, ask an ISO to assist, resolve it", "dispute"
    ),
    Grant("scrutiny.note_dispute", "disputes", WRITE, "add a note to its history", "dispute"),
    Grant(
        "scrutiny.manage_dispute_stages",
        "disputes",
        WRITE,
        "the escalation stages: add, rename, reorder, remove",
    ),
    Grant("scrutiny.view_pool", "iso_pool", READ, "the pool, each officer's budget and totals"),
    Grant("scrutiny.manage_ledger", "iso_pool", WRITE, "set budgets"),
    Grant("scrutiny.view_ledgers", "ledger", READ, "every officer's ledger, naming the activities worked on"),
    Grant("scrutiny.record_own_days", "ledger", READ, "their own ledger in this partnership", scope=OWN),
    Grant("scrutiny.view_own_days", "ledger", READ, "their own days in every partnership", on="", scope=OWN),
    Grant("scrutiny.manage_ledger", "ledger", WRITE, "book days on an officer's ledger"),
    Grant("scrutiny.record_own_days", "ledger", WRITE, "record the days they spent", scope=OWN),
    Grant("improvement.view_briefings", "briefings", READ, "approved learning briefings"),
    Grant("improvement.view_draft_briefings", "briefings", READ, "briefings still in draft"),
    Grant("improvement.manage_briefings", "briefings", WRITE, "draft, approve and withdraw briefings"),
    Grant("assessments.view_library", "library", READ, "assessment templates", on=""),
    Grant("audit.view_trail", "audit", READ, "the audit trail"),
    Grant(
        "partnerships.manage_partnerships",
        "installation",
        WRITE,
        "partnerships and their first accounts",
        on="",
    ),
]
