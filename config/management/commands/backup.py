"""Copy the live SQLite database to a file, safely, while the site keeps serving."""

import os
import sqlite3
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

# sqlite3_backup_step() answers these while another connection holds a lock it needs.
SQLITE_BUSY, SQLITE_LOCKED = 5, 6


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the SQLite database to PATH with SQLite's online backup API. "
        "Safe while the site is serving. For PostgreSQL use pg_dump (see docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write the copy to")
        parser.add_argument(
            "--force", action="store_true", help="replace PATH if it already exists"
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=60.0,
            help="seconds to keep trying while the database is locked (default: 60)",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )

    def handle(self, *args, path, force, timeout, database, **options):
        connection = connections[database]
        if connection.vendor != "sqlite":
            raise CommandError(
                f"This site's database is {connection.display_name}, not SQLite: "
                "manage.py backup copies SQLite databases only. Back up PostgreSQL with pg_dump "
                "(pg_dump --format=custom); docs/deploy.md shows how, and how to restore."
            )

        target = Path(path).expanduser().absolute()
        if target.is_dir():
            raise CommandError(f"{target} is a directory; give the name of the file to write.")
        if not target.parent.is_dir():
            raise CommandError(f"The directory {target.parent} does not exist.")
        if target.exists() and not force:
            raise CommandError(f"{target} already exists; use --force to replace it.")
        source_name = str(connection.settings_dict["NAME"])
        if (
            not connection.is_in_memory_db()
            and target.exists()
            and os.path.samefile(source_name, target)
        ):
            raise CommandError(f"{target} is the live database itself.")

        # Write beside the target under a temporary name, then rename: a copy that was cut short
        # never carries the final name.
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
        )
        os.close(handle)
        try:
            connection.ensure_connection()
            if connection.connection.in_transaction:
                # SQLite cannot copy from a connection that is writing: it would wait for ever.
                raise CommandError("Run the backup outside a transaction.")
            deadline = time.monotonic() + timeout

            def give_up_when_late(status, remaining, total):
                if status in (SQLITE_BUSY, SQLITE_LOCKED) and time.monotonic() > deadline:
                    raise CommandError(
                        f"The database stayed locked for {timeout:g} seconds; nothing was written."
                    )

            destination = sqlite3.connect(temporary)
            try:
                # One step (pages=-1): the copy is a single read snapshot of the live database. In
                # WAL mode that snapshot blocks no writer, and a writer does not restart it.
                connection.connection.backup(destination, pages=-1, progress=give_up_when_late)
                # A self-contained file: no -wal or -shm beside the copy.
                destination.execute("PRAGMA journal_mode=DELETE")
                result = destination.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    raise CommandError(f"The copy failed SQLite's quick_check: {result}")
            finally:
                destination.close()
            with open(temporary, "rb") as written:
                os.fsync(written.fileno())
            self._publish(temporary, target, force)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._sync_directory(target.parent)

        size = target.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up the database to {target} ({size} bytes)."))

    def _publish(self, temporary, target, force):
        if force:
            os.replace(temporary, target)
            return
        try:
            # A hard link fails if the name exists: no race can overwrite a file that appeared
            # while the copy was being written.
            os.link(temporary, target)
        except FileExistsError:
            raise CommandError(f"{target} already exists; use --force to replace it.") from None
        except OSError:
            # A file system without hard links: check, then rename.
            if target.exists():
                raise CommandError(f"{target} already exists; use --force to replace it.") from None
            os.replace(temporary, target)
        else:
            os.unlink(temporary)

    @staticmethod
    def _sync_directory(directory):
        try:
            descriptor = os.open(directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(descriptor)
        except OSError:
            pass
        finally:
            os.close(descriptor)
