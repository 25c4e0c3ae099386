"""The daily checkpoint signs the chain head with a key outside the database, and `verify_audit_log --checkpoints`
catches what the chain alone cannot: its newest events removed with the head moved back, and an event changed with
every later hash recomputed."""

import json
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from sightline.audit.checkpoints import checkpoint_write
from sightline.audit.checks import audit_checkpoints
from sightline.audit.services import record
from sightline.audit.tasks import write_audit_checkpoint
from sightline.audit.verification import verify_chain
from sightline.notifications.scheduler import JOBS, due_jobs_enqueue

from .tamper import rewrite_from, triggers_off, truncate_to

KEY = "a-test-checkpoint-key-that-is-long-enough-0123456789"


@pytest.fixture
def events(db):
    return [record(verb=f"test.event{i}", target_label=f"thing {i}") for i in range(5)]


@pytest.fixture
def folder(settings, tmp_path, run_on_commit):
    settings.AUDIT_CHECKPOINT_KEY = KEY
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path)
    settings.AUDIT_CHECKPOINT_EMAIL = "operator@example.org"
    return tmp_path


def verify(folder) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit_log", "--checkpoints", str(folder))
    return str(refused.value)


def test_a_checkpoint_is_signed_written_to_the_folder_and_emailed(events, folder, capsys):
    call_command("audit_checkpoint")
    [path] = folder.glob("*.json")
    document = json.loads(path.read_text())
    assert (document["seq"], document["hash"]) == (5, events[-1].hash)
    assert document["algorithm"] == "HMAC-SHA256" and len(document["signature"]) == 64
    assert KEY not in path.read_text()
    [message] = mail.outbox
    assert message.to == ["operator@example.org"] and "event 5" in message.subject
    [attached] = message.attachments
    assert attached.get_filename() == path.name and json.loads(attached.get_payload(decode=True)) == document
    assert f"Written to {path}" in capsys.readouterr().out

    call_command("verify_audit_log", "--checkpoints", str(folder))
    assert "Checkpoints verified: 1, the newest taken" in capsys.readouterr().out


def test_checkpoints_stay_valid_as_the_chain_grows(events, folder, capsys):
    call_command("audit_checkpoint")
    record(verb="test.later")
    call_command("audit_checkpoint")
    record(verb="test.later")
    call_command("verify_audit_log", "--checkpoints", str(folder))
    assert "Checkpoints verified: 2" in capsys.readouterr().out


def test_truncation_with_the_head_moved_back_is_caught(events, folder):
    call_command("audit_checkpoint")
    truncate_to(3)
    assert verify_chain().ok  # the chain alone cannot tell
    problem = verify(folder)
    assert "names event 5, but the chain now ends at event 3" in problem
    assert "events were removed from its end and the chain head moved back" in problem


def test_a_recomputed_chain_is_caught(events, folder):
    call_command("audit_checkpoint")
    rewrite_from(2, target_label="something else")
    assert verify_chain().ok
    problem = verify(folder)
    assert f"says event 5 had hash {events[-1].hash}" in problem
    assert "events up to 5 were changed and the hashes recomputed" in problem


def test_an_edited_checkpoint_is_caught(events, folder):
    call_command("audit_checkpoint")
    [path] = folder.glob("*.json")
    truncate_to(3)
    document = json.loads(path.read_text())
    # The attacker cannot re-sign the checkpoint to match the shorter chain without the key.
    document["seq"], document["hash"] = 3, events[2].hash
    path.write_text(json.dumps(document))
    assert f"{path.name} does not match its signature: it has been edited." in verify(folder)


def test_a_checkpoint_signed_with_another_key_is_caught(events, folder, settings):
    settings.AUDIT_CHECKPOINT_KEY = "another-key-another-key-another-key-0123456789"
    call_command("audit_checkpoint")
    settings.AUDIT_CHECKPOINT_KEY = KEY
    assert "was signed with another key than AUDIT_CHECKPOINT_KEY" in verify(folder)


def test_an_empty_folder_or_a_stray_file_is_named(events, folder):
    assert f"There are no checkpoints (*.json) in {folder}." in verify(folder)
    (folder / "notes.json").write_text("not json")
    assert "notes.json cannot be read as a checkpoint (JSONDecodeError)." in verify(folder)


def test_a_broken_chain_is_named_before_the_checkpoints(events, folder):
    call_command("audit_checkpoint")
    with triggers_off() as cursor:
        cursor.execute("UPDATE audit_auditevent SET target_label = 'rewritten' WHERE seq = 3")
    assert verify(folder).startswith(
        "Audit trail does not verify at event 3: its content does not match its hash"
    )


def test_verifying_checkpoints_needs_the_key(events, folder, settings):
    settings.AUDIT_CHECKPOINT_KEY = ""
    assert "AUDIT_CHECKPOINT_KEY is not set" in verify(folder)


def test_a_stale_newest_checkpoint_is_pointed_out(events, folder, capsys):
    checkpoint_write(now=timezone.now() - timedelta(days=3))
    call_command("verify_audit_log", "--checkpoints", str(folder))
    assert "The newest checkpoint is 3 days old" in capsys.readouterr().out


def test_without_a_key_nothing_is_written_and_the_job_says_so(events, folder, settings, caplog):
    settings.AUDIT_CHECKPOINT_KEY = ""
    with pytest.raises(CommandError, match="AUDIT_CHECKPOINT_KEY is not set: no audit checkpoint is signed"):
        call_command("audit_checkpoint")
    with caplog.at_level(logging.ERROR, logger="sightline.audit.tasks"):
        write_audit_checkpoint.call()
    assert "Audit checkpoint not written: AUDIT_CHECKPOINT_KEY is not set" in caplog.text
    assert [r.levelname for r in caplog.records] == ["ERROR"]
    assert not list(folder.iterdir()) and mail.outbox == []


def test_a_short_key_or_no_destination_is_refused(events, folder, settings):
    settings.AUDIT_CHECKPOINT_KEY = "short"
    with pytest.raises(CommandError, match="shorter than 32 characters"):
        call_command("audit_checkpoint")
    settings.AUDIT_CHECKPOINT_KEY, settings.AUDIT_CHECKPOINT_DIR, settings.AUDIT_CHECKPOINT_EMAIL = (
        KEY,
        "",
        "",
    )
    with pytest.raises(CommandError, match="Neither AUDIT_CHECKPOINT_DIR nor AUDIT_CHECKPOINT_EMAIL is set"):
        call_command("audit_checkpoint")


def test_a_missing_folder_is_named_and_the_email_still_goes(events, folder, settings):
    settings.AUDIT_CHECKPOINT_DIR = str(folder / "unmounted")
    with pytest.raises(CommandError, match="not written to AUDIT_CHECKPOINT_DIR"):
        call_command("audit_checkpoint")
    assert not (folder / "unmounted").exists()
    assert len(mail.outbox) == 1


def test_a_broken_chain_is_not_checkpointed_and_the_operator_is_told(events, folder):
    with triggers_off() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    with pytest.raises(CommandError, match="does not verify at event 2: event 2 is missing. No checkpoint"):
        call_command("audit_checkpoint")
    assert not list(folder.iterdir())
    [alarm] = mail.outbox
    assert alarm.subject == "Sightline audit trail does not verify at event 2"


def test_the_scheduler_writes_a_checkpoint_once_a_day(events, folder):
    assert any(job.name == "audit-checkpoint" and job.every == timedelta(days=1) for job in JOBS)
    job = [job for job in JOBS if job.name == "audit-checkpoint"]
    now = timezone.now()
    assert due_jobs_enqueue(now=now, jobs=job) == ["audit-checkpoint"]
    assert due_jobs_enqueue(now=now + timedelta(hours=23), jobs=job) == []
    assert len(list(folder.glob("*.json"))) == 1


def test_deploy_checks_name_a_missing_key_a_short_one_and_nowhere_to_write(settings):
    settings.AUDIT_CHECKPOINT_KEY, settings.AUDIT_CHECKPOINT_DIR, settings.AUDIT_CHECKPOINT_EMAIL = "", "", ""
    assert [w.id for w in audit_checkpoints(None)] == ["sightline.audit.W001"]
    settings.AUDIT_CHECKPOINT_KEY = "short"
    assert [w.id for w in audit_checkpoints(None)] == ["sightline.audit.W002", "sightline.audit.W003"]
    settings.AUDIT_CHECKPOINT_KEY, settings.AUDIT_CHECKPOINT_EMAIL = KEY, "operator@example.org"
    assert audit_checkpoints(None) == []
