"""Loads an export into the database (``restore_newsroom``), checking all of it first.

Two passes over the files. The first writes nothing: it checks the manifest, every
file's checksum and count, every media file's checksum, and every record: its
columns, the type of each value and that each reference names a record that came
before it. Only an export that passes is written, a batch of rows a transaction,
with the rows' own ids, so that exporting the restored newsroom gives back the same
bytes. Rows go in with one INSERT a batch, without ``save()`` or signals: the search
index is rebuilt and the page cache retired at the end.

Into a database that holds no newsroom yet, or, with ``merge``, into one that does:
a record whose stable key (a slug, a username, a story's section and slug) is there
already is skipped and its references point to the row on file; a story's own rows
follow their story. Should writing fail half-way all the same (the database goes
away, a constraint the checks do not know), what was written is taken out again.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

from ..search import index as search_index
from .archive import (
    MANIFEST,
    MEDIA_LIST,
    ArchiveError,
    file_sha256,
    folder_to_read,
    media_path,
    read_manifest,
)
from .kinds import KINDS, OPTIONS, RecordError

BATCH_SIZE = 1000
# Field types whose checked values the database takes as they are.
_AS_THEY_ARE = {
    "AutoField",
    "BigAutoField",
    "BooleanField",
    "CharField",
    "FileField",
    "ForeignKey",
    "OneToOneField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "SlugField",
    "TextField",
}
MAX_ERRORS = 20


class RestoreError(Exception):
    """An export that cannot be restored, or a database it cannot go into."""


@dataclass
class RestoreReport:
    added: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    reasons: dict = field(default_factory=dict)
    media: int = 0
    with_credentials: bool = False


class _Progress:
    """No progress bar: what ``restore_newsroom`` uses unless given one."""

    def update(self, count):
        pass

    def close(self):
        pass


def restore_newsroom(source, *, merge=False, progress=None):
    """Restore the export at ``source`` (a folder or a ``.tar.gz``).

    ``progress(description, total)`` returns a bar with ``update(n)`` and
    ``close()``. Raises ``RestoreError`` (or ``ArchiveError``) with a message naming
    what is wrong; the database and the media storage are then as they were.
    """
    progress = progress or (lambda description, total: _Progress())
    with folder_to_read(source) as folder:
        manifest = read_manifest(folder)
        restorer = _Restorer(folder, manifest, merge=merge, progress=progress)
        restorer.check()
        return restorer.write()


class _Restorer:
    def __init__(self, folder, manifest, *, merge, progress):
        self.folder = folder
        self.merge = merge
        self.progress = progress
        self.options = _options(manifest)
        self.entries = _entries(manifest)
        self.kinds = [
            kind
            for kind in KINDS
            if kind.name in self.entries
            and (kind.option is None or self.options[kind.option])
        ]
        for name in self.entries.keys() - {kind.name for kind in self.kinds}:
            raise ArchiveError(
                f"The manifest lists {name!r}, which this newsroom does not restore "
                "(an export from a newer version, or of an option it was not made with)."
            )
        self.media_entry = manifest["media"]
        self.total = sum(self.entries[kind.name]["count"] for kind in self.kinds)
        self.referenced = {
            column.codec.refers_to
            for kind in self.kinds
            for column in self._columns(kind)
            if column.codec.refers_to
        }
        self.context = _Context(
            kinds={kind.name for kind in self.kinds},
            left_out={
                kind.name
                for kind in self.kinds
                if merge and self._merge_mode(kind) == "skip"
            },
        )

    def _columns(self, kind):
        return kind.columns(with_credentials=self.options["with_credentials"])

    # ---- The first pass: check everything, write nothing ----

    def check(self):
        self.context.media_names = self._check_media()
        self.context.seen = {name: set() for name in self.referenced}
        errors = []
        bar = self.progress("Checking", self.total)
        try:
            for kind in self.kinds:
                for _line, record in self._records(kind, errors, bar, checking=True):
                    if kind.name in self.referenced:
                        self.context.seen[kind.name].add(record["id"])
                if len(errors) >= MAX_ERRORS:
                    break
        finally:
            bar.close()
        if errors:
            more = " (and perhaps more)" if len(errors) >= MAX_ERRORS else ""
            raise RestoreError(
                f"The export cannot be restored: {len(errors)} problem(s){more}; "
                "nothing was written.\n" + "\n".join(errors)
            )

    def _check_media(self):
        names = set()
        rows = self._read_lines(MEDIA_LIST, self.media_entry)
        for line, entry in rows:
            where = f"{MEDIA_LIST} line {line}"
            if not isinstance(entry, dict) or set(entry) != {"path", "bytes", "sha256"}:
                raise RestoreError(f"{where}: wants path, bytes and sha256.")
            inside = self.folder / media_path(entry["path"])
            if not inside.is_file():
                raise RestoreError(
                    f"{where}: the media file {entry['path']} is missing from the export."
                )
            if inside.stat().st_size != entry["bytes"] or (
                file_sha256(inside) != entry["sha256"]
            ):
                raise RestoreError(
                    f"{where}: the media file {entry['path']} does not match its "
                    "checksum: it was changed or damaged after the export."
                )
            names.add(entry["path"])
        return names

    def _read_lines(self, name, entry):
        """``(line number, parsed JSON)`` for each line of the file ``name``, its
        count and checksum checked against the manifest's ``entry`` at the end."""
        path = self.folder / name
        if not path.is_file():
            raise RestoreError(f"{name} is listed in the manifest but missing.")
        digest = hashlib.sha256()
        count = 0
        with open(path, "rb") as file:
            for count, data in enumerate(file, start=1):  # noqa: B007
                digest.update(data)
                try:
                    yield count, json.loads(data)
                except (UnicodeDecodeError, json.JSONDecodeError) as error:
                    message = f"{name} line {count}: not JSON ({error})."
                    raise RestoreError(message) from error
        if count != entry.get("count") or digest.hexdigest() != entry.get("sha256"):
            raise RestoreError(
                f"{name} does not match the count and checksum in {MANIFEST}: it was "
                "changed or cut short after the export."
            )

    def _records(self, kind, errors, bar, *, checking):
        """Each record of ``kind`` decoded into ``{attname: value}``.

        While checking, a bad record adds a message to ``errors`` instead.
        """
        columns = self._columns(kind)
        names = [column.name for column in columns]
        expected = set(names)
        self.context.checking = checking
        for line, record in self._read_lines(kind.file, self.entries[kind.name]):
            bar.update(1)
            try:
                if not isinstance(record, dict):
                    raise RecordError("is not a JSON object")
                if set(record) != expected:
                    raise RecordError(_columns_message(record, expected))
                values = {}
                for column in columns:
                    try:
                        value = column.codec.decode(record[column.name], self.context)
                    except RecordError as error:
                        raise RecordError(f"{column.name} {error}") from error
                    values[column.attname] = value
                if checking and kind.name in self.referenced:
                    if record["id"] in self.context.seen[kind.name]:
                        raise RecordError(f"repeats the id {record['id']}")
            except RecordError as error:
                if not checking:
                    raise
                where = f"{kind.file} line {line}"
                if isinstance(record, dict):
                    where += f" ({kind.name} id {record.get('id')!r})"
                errors.append(f"{where}: {error}")
                if len(errors) >= MAX_ERRORS:
                    return
                continue
            yield line, (record if checking else values)

    # ---- The second pass: write ----

    def write(self):
        report = RestoreReport(with_credentials=self.options["with_credentials"])
        self._check_target()
        self.written = {}  # kind name: the keys of the rows this restore wrote
        self.saved_media = []
        snapshot = [] if self.merge else self._clear_seeded()
        bar = self.progress("Restoring", self.total)
        try:
            self.context.media_renamed = self._store_media()
            for kind in self.kinds:
                added, skipped, reason = self._write_kind(kind, bar)
                report.added[kind.name] = added
                if skipped:
                    report.skipped[kind.name] = skipped
                    report.reasons[kind.name] = reason
            if connection.vendor == "postgresql":
                self._reset_sequences()
        except BaseException as error:
            bar.close()
            self._undo(snapshot)
            if isinstance(error, Exception) and not isinstance(error, RestoreError):
                raise RestoreError(
                    f"Restoring stopped ({type(error).__name__}: {error}); what was "
                    "written has been taken out again."
                ) from error
            raise
        bar.close()
        report.media = len(self.saved_media)
        # Rebuilding the index retires every cached page too.
        search_index.rebuild()
        return report

    def _check_target(self):
        if self.merge:
            return
        held = [
            f"{count} {kind.name}"
            for kind in KINDS
            if not kind.seeded and (count := kind.queryset().count())
        ]
        if held:
            raise RestoreError(
                "The database is not empty (it holds "
                + ", ".join(held)
                + "): restore into a new database, or pass --merge to add what is "
                "missing."
            )

    def _clear_seeded(self):
        """Take out the rows a new database starts with; return them for ``_undo``."""
        snapshot = []
        for kind in (kind for kind in self.kinds if kind.seeded):
            model = kind.get_model()
            names = [f.attname for f in model._meta.concrete_fields]
            rows = [
                dict(zip(names, row, strict=True))
                for row in kind.queryset().values_list(*names)
            ]
            snapshot.append((model, rows))
        with transaction.atomic():
            for model, _rows in reversed(snapshot):
                model._base_manager.all().delete()
        return snapshot

    def _store_media(self):
        """Put each original into the media storage; return the names that had to
        change because another file already has theirs."""
        renamed = {}
        for name in sorted(self.context.media_names):
            path = self.folder / media_path(name)
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as stored:
                    same = _sha256_of(stored) == file_sha256(path)
                if same:
                    continue
            with open(path, "rb") as file:
                stored_as = default_storage.save(name, File(file, name=name))
            self.saved_media.append(stored_as)
            if stored_as != name:
                renamed[name] = stored_as
        return renamed

    def _write_kind(self, kind, bar):
        model = kind.get_model()
        insert = _Insert(model, kind, self.options["with_credentials"])
        pk = model._meta.pk.attname
        skipped, reason = 0, ""
        mode = self._merge_mode(kind) if self.merge else "all"
        if mode == "key":
            existing = self._existing_keys(kind, model)
            key_names = [self._attname(kind, name) for name in kind.key]
            next_pk = (
                model._base_manager.order_by(f"-{pk}")
                .values_list(pk, flat=True)
                .first()
                or 0
            ) + 1
        elif mode == "owner":
            owner_kind = next(
                c.codec.refers_to for c in self._columns(kind) if c.name == kind.owner
            )
            owner_attname = self._attname(kind, kind.owner)
            next_pk = (
                model._base_manager.order_by(f"-{pk}")
                .values_list(pk, flat=True)
                .first()
                or 0
            ) + 1
        mapping = self.context.mapping.setdefault(kind.name, {})
        written = self.written.setdefault(kind.name, [])
        batch = []
        for _line, values in self._records(kind, [], bar, checking=False):
            exported_id = values[pk]
            if mode == "skip":
                skipped, reason = skipped + 1, "a merge does not bring revisions"
                continue
            if mode == "key":
                key = tuple(values[name] for name in key_names)
                if key in existing:
                    mapping[exported_id] = existing[key]
                    skipped, reason = (
                        skipped + 1,
                        "already here (same " + ", ".join(kind.key) + ")",
                    )
                    continue
                values[pk] = existing[key] = next_pk
                next_pk += 1
            elif mode == "owner":
                # The owner's id in ``values`` is already this database's:
                # ``added_local`` has those of the owners this restore wrote.
                if values[owner_attname] not in self.context.added_local.get(
                    owner_kind, ()
                ):
                    skipped, reason = skipped + 1, f"their {kind.owner} is already here"
                    continue
                values[pk] = next_pk
                next_pk += 1
            if self.merge and kind.name in self.referenced:
                mapping[exported_id] = values[pk]
                self.context.added_local.setdefault(kind.name, set()).add(values[pk])
            batch.append(values)
            written.append(values[pk])
            if len(batch) >= BATCH_SIZE:
                insert(batch)
                batch = []
        insert(batch)
        return len(written), skipped, reason

    def _merge_mode(self, kind):
        if kind.key:
            return "key"
        if kind.owner:
            return "owner"
        return "skip"

    def _attname(self, kind, name):
        return next(c.attname for c in self._columns(kind) if c.name == name)

    def _existing_keys(self, kind, model):
        names = [self._attname(kind, name) for name in kind.key]
        pk = model._meta.pk.attname
        return {
            tuple(row[1:]): row[0]
            for row in kind.queryset().values_list(pk, *names).iterator()
        }

    def _reset_sequences(self):
        models = [kind.get_model() for kind in self.kinds]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)

    def _undo(self, snapshot):
        """Take out every row and file this restore wrote; put the seeded rows back."""
        kinds = {kind.name: kind for kind in self.kinds}
        with transaction.atomic():
            for name, keys in reversed(list(self.written.items())):
                model = kinds[name].get_model()
                for start in range(0, len(keys), BATCH_SIZE):
                    chunk = keys[start : start + BATCH_SIZE]
                    model._base_manager.filter(pk__in=chunk).delete()
            for model, rows in snapshot:
                kind = next(kind for kind in KINDS if kind.get_model() is model)
                _Insert(model, kind, True).raw(rows)
        for name in self.saved_media:
            default_storage.delete(name)


@dataclass
class _Context:
    """What the codecs ask while reading: the ids seen, and where ids and media
    names go in this database."""

    kinds: set
    checking: bool = True
    seen: dict = field(default_factory=dict)
    mapping: dict = field(default_factory=dict)
    added_local: dict = field(default_factory=dict)
    natural: dict = field(default_factory=dict)
    media_names: set = field(default_factory=set)
    media_renamed: dict = field(default_factory=dict)
    left_out: set = field(default_factory=set)  # kinds a merge does not bring

    def local_id(self, kind, value):
        if self.checking:
            if kind not in self.kinds:
                raise RecordError(
                    f"refers to {kind} {value}, which the export does not hold"
                )
            if value not in self.seen[kind]:
                raise RecordError(
                    f"refers to {kind} {value}, which is not in the export (or comes "
                    "after this record)"
                )
            return value
        if kind in self.left_out:
            return None
        mapping = self.mapping.get(kind)
        return mapping[value] if mapping else value

    def local_media(self, name):
        if self.checking and name not in self.media_names:
            raise RecordError(
                f"names the media file {name}, which the export does not hold"
            )
        return self.media_renamed.get(name, name)


class _Insert:
    """Inserts rows given as ``{attname: value}`` into ``model``'s table, ids
    included, with one ``executemany`` a batch in a transaction of its own."""

    def __init__(self, model, kind, with_credentials):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        secret = set(kind.secret) if not with_credentials else set()
        self.filled = {}
        for model_field in self.fields:
            if model_field.attname in kind.fixed:
                self.filled[model_field.attname] = kind.fixed[model_field.attname]
            elif model_field.name in secret:
                self.filled[model_field.attname] = kind.missing[model_field.name]

    def __call__(self, rows):
        if not rows:
            return
        for name, make in self.filled.items():
            value = make()
            for row in rows:
                row[name] = value
        with transaction.atomic():
            self.raw(rows)

    def raw(self, rows):
        if not rows:
            return
        database = connections[DEFAULT_DB_ALIAS]
        quote = database.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        sql = f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES ({marks})"
        names = [f.attname for f in self.fields]
        # Text, numbers, yes/no and references go to the database as the codecs
        # checked them; times and days are adapted by their fields.
        prepared = [
            (f.attname, f.get_db_prep_save)
            for f in self.fields
            if f.get_internal_type() not in _AS_THEY_ARE
        ]
        values = []
        for row in rows:
            for name, to_db in prepared:
                row[name] = to_db(row[name], database)
            values.append(tuple(row[name] for name in names))
        with database.cursor() as cursor:
            cursor.executemany(sql, values)


def _options(manifest):
    options = manifest["options"]
    if not isinstance(options, dict) or set(options) != set(OPTIONS):
        raise ArchiveError(f"{MANIFEST}: options must be exactly {', '.join(OPTIONS)}.")
    return {name: bool(options[name]) for name in OPTIONS}


def _entries(manifest):
    entries = {}
    for entry in manifest["kinds"]:
        if not isinstance(entry, dict) or not {
            "name",
            "file",
            "count",
            "sha256",
        } <= set(entry):
            raise ArchiveError(
                f"{MANIFEST}: each kind wants name, file, count and sha256."
            )
        if entry["file"] != f"{entry['name']}.jsonl":
            raise ArchiveError(
                f"{MANIFEST}: the {entry['name']} records are in {entry['name']}.jsonl."
            )
        entries[entry["name"]] = entry
    return entries


def _columns_message(record, expected):
    missing = sorted(expected - set(record))
    unknown = sorted(set(record) - expected)
    parts = []
    if missing:
        parts.append("has no " + ", ".join(missing))
    if unknown:
        parts.append("has unknown " + ", ".join(unknown))
    return " and ".join(parts)


def _sha256_of(file):
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    return digest.hexdigest()
