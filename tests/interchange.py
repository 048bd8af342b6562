"""What the export and restore tests share: exporting, reading and editing exports,
and emptying the database as a new one is."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection


def png_upload(name, size=(8, 6)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def tree(folder):
    """Every file under ``folder``, by its path inside it, with its bytes."""
    folder = Path(folder)
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def export(folder, *options):
    """Run ``export_newsroom`` into ``folder``; return the files it wrote."""
    call_command("export_newsroom", str(folder), *options, stdout=io.StringIO())
    return tree(folder)


def read_lines(path):
    return [json.loads(line) for line in Path(path).read_text().splitlines()]


def rewrite_lines(folder, kind, change):
    """Edit the records of ``kind`` with ``change(records)``, and the manifest so
    that the file's checksum and count still match: a deliberately wrong export."""
    path = Path(folder) / f"{kind}.jsonl"
    records = change(read_lines(path))
    data = "".join(
        json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        for record in records
    ).encode()
    path.write_bytes(data)
    manifest_path = Path(folder) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for entry in manifest["kinds"]:
        if entry["name"] == kind:
            entry.update(count=len(records), sha256=hashlib.sha256(data).hexdigest())
    manifest_path.write_text(json.dumps(manifest))


@pytest.fixture
def content_types_forgotten():
    """``empty_the_database()`` gives content types new ids; the rollback at the
    end of the test takes them back, so the process must forget them too (or the
    next test tags its stories under an id no row has)."""
    yield
    ContentType.objects.clear_cache()


def empty_the_database():
    """Every table emptied; what ``migrate`` makes by itself (content types,
    permissions, the default callout kinds) made again, under new ids.

    Rows are deleted rather than truncated: PostgreSQL refuses to truncate a table
    written to earlier in the test's transaction.
    """
    tables = connection.introspection.django_table_names(only_existing=True)
    # Ids start again from 1, as in a new database.
    restart = connection.ops.sequence_reset_by_name_sql(
        no_style(), connection.introspection.sequence_list()
    )
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        for statement in restart:
            cursor.execute(statement)
    ContentType.objects.clear_cache()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
