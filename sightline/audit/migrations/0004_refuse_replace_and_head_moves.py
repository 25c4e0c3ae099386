"""Close the ways past 0002's triggers that need no owner's rights: on SQLite, INSERT OR REPLACE (and REPLACE INTO)
deletes the row it replaces without firing the delete trigger, so an insert that names an existing event is refused
before it happens; on PostgreSQL, TRUNCATE fires no row trigger, so it gets a statement trigger of its own. And the
chain head, which verification trusts to say how long the chain is, only moves forward, to an event that exists
with that hash, and cannot be removed or doubled."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_auditevent
       WHEN EXISTS (SELECT 1 FROM audit_auditevent WHERE id = NEW.id OR seq = NEW.seq)
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER audit_chainhead_one_row BEFORE INSERT ON audit_chainhead
       WHEN EXISTS (SELECT 1 FROM audit_chainhead)
       BEGIN SELECT RAISE(ABORT, 'the audit chain has one head'); END;""",
    """CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON audit_chainhead
       BEGIN SELECT RAISE(ABORT, 'the audit chain head cannot be removed'); END;""",
    """CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE ON audit_chainhead
       WHEN NEW.id IS NOT OLD.id OR NEW.seq < OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash IS NOT OLD.hash)
         OR (NEW.seq > 0 AND NOT EXISTS (
               SELECT 1 FROM audit_auditevent WHERE seq = NEW.seq AND hash = NEW.hash))
       BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward, to an event that exists'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER audit_event_no_replace;",
    "DROP TRIGGER audit_chainhead_one_row;",
    "DROP TRIGGER audit_chainhead_no_delete;",
    "DROP TRIGGER audit_chainhead_forward_only;",
]

POSTGRES = [
    # UPDATE and DELETE are refused by 0002's row trigger, which also refuses INSERT … ON CONFLICT DO UPDATE (its
    # update fires the row trigger); TRUNCATE fires only statement triggers.
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();""",
    """CREATE FUNCTION audit_chainhead_guard() RETURNS trigger AS $$
       BEGIN
         IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
           RAISE EXCEPTION 'the audit chain head cannot be removed'
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         IF TG_OP = 'INSERT' THEN
           IF EXISTS (SELECT 1 FROM audit_chainhead) THEN
             RAISE EXCEPTION 'the audit chain has one head' USING ERRCODE = 'integrity_constraint_violation';
           END IF;
           RETURN NEW;
         END IF;
         IF NEW.id <> OLD.id OR NEW.seq < OLD.seq OR (NEW.seq = OLD.seq AND NEW.hash IS DISTINCT FROM OLD.hash)
            OR (NEW.seq > 0 AND NOT EXISTS (
                  SELECT 1 FROM audit_auditevent WHERE seq = NEW.seq AND hash = NEW.hash)) THEN
           RAISE EXCEPTION 'the audit chain head only moves forward, to an event that exists'
             USING ERRCODE = 'integrity_constraint_violation';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER audit_chainhead_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_chainhead
       FOR EACH ROW EXECUTE FUNCTION audit_chainhead_guard();""",
    """CREATE TRIGGER audit_chainhead_no_truncate BEFORE TRUNCATE ON audit_chainhead
       FOR EACH STATEMENT EXECUTE FUNCTION audit_chainhead_guard();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER audit_chainhead_no_truncate ON audit_chainhead;",
    "DROP TRIGGER audit_chainhead_guard ON audit_chainhead;",
    "DROP FUNCTION audit_chainhead_guard();",
    "DROP TRIGGER audit_event_no_truncate ON audit_auditevent;",
]


def install(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_verbs_index")]
    operations = [migrations.RunPython(install, uninstall)]
