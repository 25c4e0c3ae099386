"""Reliability drills (`make drills`): a deadline spike of concurrent draft saves, a task that runs twice, the
database restarted under load, and a backup restored into an empty database. Each drill fails loudly when the
behaviour it proves breaks. They run on PostgreSQL against a real gunicorn, never inside `make test`."""
