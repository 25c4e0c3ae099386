"""Synthetic data at named scales, for benchmarks and for trying Sightline at volume (`manage.py
generate_synthetic`, docs/performance.md). Every name, place and word is invented; nothing here is used by the
application itself, and it runs only on a dedicated, empty database.

One module per domain: `register` (organisations and people), `cycles` and `returns` (self-assessments),
`improvement` (action plans and actions), `assurance` and `casework` (activities, cases and case audits),
`reviews` (the reviews register), `scrutiny` (the ISO ledger) and `history` (the audit trail and notices), with
`scales` saying how much of each, and `generate` putting them together."""
