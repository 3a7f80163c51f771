"""`manage.py backup PATH`: a consistent copy of the live SQLite database.

The suite's own SQLite database lives in memory, inside a transaction per test; the site's lives
in a file in WAL mode. The copies are therefore tested on a real file database, through manage.py,
as a server would run them.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def manage(*args, database):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def server_database(tmp_path_factory):
    """A file database set up the way a server's is: migrated, content loaded."""
    database = tmp_path_factory.mktemp("site") / "db.sqlite3"
    for command in (("migrate", "--noinput"), ("load_content",)):
        result = manage(*command, database=database)
        assert result.returncode == 0, result.stderr
    return database


def all_rows(db):
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        table: db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall() for table in tables
    }


def test_backup_opens_and_holds_the_same_rows(server_database, tmp_path):
    target = tmp_path / "backup.sqlite3"
    result = manage("backup", str(target), database=server_database)
    assert result.returncode == 0, result.stderr
    assert f"Backed up the database to {target}" in result.stdout

    with sqlite3.connect(server_database) as source:
        expected = all_rows(source)
    source.close()
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # A self-contained file, not a WAL database that needs its -wal beside it.
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        copied = all_rows(copy)
    finally:
        copy.close()
    assert copied == expected
    assert len(copied["explainer_section"]) > 0
    assert len(copied["quizzes_question"]) > 0
    # Nothing else is left beside it: no temporary file.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.sqlite3"]
    assert (target.stat().st_mode & 0o077) == 0, "a backup holds password hashes: owner only"


def test_backup_while_a_request_holds_the_write_lock(server_database, tmp_path):
    """A writer in the middle of a transaction neither blocks the copy nor leaks into it."""
    writer = sqlite3.connect(server_database, isolation_level=None)
    try:
        assert writer.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        writer.execute("INSERT INTO auth_group (name) VALUES ('committed before the backup')")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO auth_group (name) VALUES ('not yet committed')")

        result = manage(
            "backup", str(tmp_path / "copy.sqlite3"), "--timeout", "10", database=server_database
        )
        assert result.returncode == 0, result.stderr

        writer.execute("COMMIT")  # the writer kept its lock throughout
    finally:
        writer.close()

    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    try:
        names = [row[0] for row in copy.execute("SELECT name FROM auth_group ORDER BY id")]
    finally:
        copy.close()
    assert "committed before the backup" in names
    assert "not yet committed" not in names


def test_backup_replaces_an_existing_file_only_with_force(server_database, tmp_path):
    target = tmp_path / "backup.sqlite3"
    target.write_bytes(b"last night's backup")

    refused = manage("backup", str(target), database=server_database)
    assert refused.returncode != 0
    assert "already exists; use --force to replace it" in refused.stderr
    assert target.read_bytes() == b"last night's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.sqlite3"]

    replaced = manage("backup", str(target), "--force", database=server_database)
    assert replaced.returncode == 0, replaced.stderr
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("SELECT COUNT(*) FROM explainer_section").fetchone()[0] > 0
    finally:
        copy.close()


def test_backup_never_overwrites_the_live_database(server_database):
    refused = manage("backup", str(server_database), "--force", database=server_database)
    assert refused.returncode != 0
    assert "is the live database itself" in refused.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only; this run uses PostgreSQL")
@pytest.mark.django_db
def test_backup_needs_an_existing_directory_and_no_open_transaction(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "missing" / "backup.sqlite3"), verbosity=0)
    with pytest.raises(CommandError, match="is a directory"):
        call_command("backup", str(tmp_path), verbosity=0)
    # Each test runs inside a transaction: the command says so instead of waiting for ever.
    with pytest.raises(CommandError, match="outside a transaction"):
        call_command("backup", str(tmp_path / "backup.sqlite3"), verbosity=0)
    assert not any(tmp_path.iterdir())


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL message; this run uses SQLite"
)
@pytest.mark.django_db
def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(tmp_path / "backup.sqlite3"))
    assert "pg_dump" in str(refused.value)
    assert "docs/deploy.md" in str(refused.value)
    assert not any(tmp_path.iterdir())
