"""Writes the whole newsroom to a folder or a ``.tar.gz`` (``export_newsroom``).

Rows are read a chunk at a time, as tuples, and written as they come: memory stays
flat however many stories there are. The same database always gives the same
bytes: rows in key order, columns in the model's order, times in UTC to the
microsecond, and nothing in the manifest that changes from one run to the next.
"""

import shutil
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import connection, transaction

from .archive import (
    MEDIA_LIST,
    ArchiveError,
    LineWriter,
    file_sha256,
    folder_to_write,
    media_path,
    new_manifest,
    write_manifest,
)
from .kinds import KINDS

CHUNK_SIZE = 2000


@dataclass
class ExportContext:
    """What the codecs share while writing: the kinds exported, the media met."""

    kinds: set
    media: set = field(default_factory=set)
    natural: dict = field(default_factory=dict)


@dataclass
class ExportReport:
    counts: dict
    media: int
    media_bytes: int


def export_newsroom(
    target, *, with_credentials=False, with_revisions=False, progress=None
):
    """Write the newsroom to ``target`` (a folder, or a path ending in ``.tar.gz``).

    ``progress(kind, count)`` is called as rows are written. Raises ``ArchiveError``
    when the target is taken or a stored original is missing; nothing is left behind.
    """
    options = {"with_credentials": with_credentials, "with_revisions": with_revisions}
    kinds = [kind for kind in KINDS if kind.option is None or options[kind.option]]
    context = ExportContext(kinds={kind.name for kind in kinds})
    outermost = not connection.in_atomic_block
    with folder_to_write(target) as folder, transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # Every kind read from one snapshot, even while editors keep working.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        listed = [
            _write_kind(kind, folder, context, with_credentials, progress)
            for kind in kinds
        ]
        media, media_bytes = _copy_media(folder, context.media)
        write_manifest(folder, new_manifest(options, listed, media))
    counts = {entry["file"].removesuffix(".jsonl"): entry["count"] for entry in listed}
    return ExportReport(counts=counts, media=media["count"], media_bytes=media_bytes)


def _write_kind(kind, folder, context, with_credentials, progress):
    columns = kind.columns(with_credentials=with_credentials)
    names = [column.name for column in columns]
    encoders = [column.codec.encode for column in columns]
    rows = kind.queryset().values_list(*(column.attname for column in columns))
    writer = LineWriter(folder / kind.file)
    try:
        for row in rows.iterator(chunk_size=CHUNK_SIZE):
            writer.write(
                {
                    name: encode(value, context)
                    for name, encode, value in zip(names, encoders, row, strict=True)
                }
            )
            if progress and writer.count % CHUNK_SIZE == 0:
                progress(kind.name, CHUNK_SIZE)
    finally:
        entry = writer.close()
    if progress:
        progress(kind.name, writer.count % CHUNK_SIZE)
    return {"name": kind.name, **entry}


def _copy_media(folder, names):
    """Copy each stored original into ``media/``; list them with their checksums."""
    missing = [name for name in sorted(names) if not default_storage.exists(name)]
    if missing:
        shown = ", ".join(missing[:5]) + (" and more" if len(missing) > 5 else "")
        raise ArchiveError(
            f"{len(missing)} stored image(s) are missing from the media storage: "
            f"{shown}. Put them back, or clear the image on their records, and "
            "export again."
        )
    writer = LineWriter(folder / MEDIA_LIST)
    total = 0
    try:
        for name in sorted(names):
            path = folder / media_path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, open(path, "wb") as copy:
                shutil.copyfileobj(source, copy)
            size = path.stat().st_size
            total += size
            writer.write({"path": name, "bytes": size, "sha256": file_sha256(path)})
    finally:
        entry = writer.close()
    return entry, total
