"""What export and restore share: the manifest, the files, and ``.tar.gz`` archives.

An export is a folder: ``manifest.json``, one ``<kind>.jsonl`` a kind of record,
``media.jsonl`` listing the originals, and the originals under ``media/``. A path
ending in ``.tar.gz`` is the same folder in one file, written so that the same
newsroom always gives the same bytes (names sorted, times and owners zeroed).
"""

import contextlib
import gzip
import hashlib
import json
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from .kinds import SCHEMA_VERSION

FORMAT = "newsroom-export"
MANIFEST = "manifest.json"
MEDIA_LIST = "media.jsonl"
MEDIA_DIR = "media"
CHUNK = 1 << 20


class ArchiveError(Exception):
    """An export that cannot be read or written; the message says what to do."""


def is_tarball(path):
    return str(path).endswith((".tar.gz", ".tgz"))


# Characters that some readers take for the end of a line (Python's
# str.splitlines(), JavaScript before ES2019), escaped as JSON allows.
_LINE_BREAKS = str.maketrans(
    {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def dump_line(record):
    """One record as a line of JSON Lines: compact, UTF-8, keys in column order,
    and no character any reader could take for a line break but the last."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_LINE_BREAKS) + "\n"


class LineWriter:
    """Writes records to a JSON Lines file, counting them and hashing the bytes."""

    def __init__(self, path):
        self.path = Path(path)
        self.file = open(self.path, "wb")  # noqa: SIM115
        self.sha256 = hashlib.sha256()
        self.count = 0

    def write(self, record):
        data = dump_line(record).encode()
        self.sha256.update(data)
        self.file.write(data)
        self.count += 1

    def close(self):
        self.file.close()
        return {
            "file": self.path.name,
            "count": self.count,
            "sha256": self.sha256.hexdigest(),
        }


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(folder, manifest):
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (Path(folder) / MANIFEST).write_text(text, encoding="utf-8")


def new_manifest(options, kinds, media):
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "options": options,
        "kinds": kinds,
        "media": media,
    }


def read_manifest(folder):
    """The manifest of the export in ``folder``, checked for format and version."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise ArchiveError(f"No {MANIFEST} in {folder}: this is not a newsroom export.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveError(f"{MANIFEST} is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{MANIFEST} does not describe a {FORMAT}.")
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ArchiveError(
            f"This export has schema version {version!r}; this newsroom reads "
            f"version {SCHEMA_VERSION}. Restore it with the version that wrote it."
        )
    for name in ("options", "kinds", "media"):
        if name not in manifest:
            raise ArchiveError(f"{MANIFEST} has no {name!r}.")
    return manifest


def media_path(name):
    """The path of a stored original inside the export, refusing any name that
    would reach outside ``media/``."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise ArchiveError(f"{name!r} is not a media file name an export may hold.")
    return PurePosixPath(MEDIA_DIR, path)


# ---- Folders and tarballs ----


@contextlib.contextmanager
def folder_to_write(target):
    """A folder to write the export into; packed into ``target`` when it is a
    ``.tar.gz``. Nothing is left at ``target`` when writing fails."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ArchiveError(
            f"{target} exists and is not an empty folder: pick a new path."
        )
    if not is_tarball(target):
        made = not target.exists()
        target.mkdir(parents=True, exist_ok=True)
        try:
            yield target
        except BaseException:
            if made:
                shutil.rmtree(target, ignore_errors=True)
            else:
                for child in target.iterdir():
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            raise
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as work:
        yield Path(work)
        partial = target.with_name(target.name + ".partial")
        try:
            pack(Path(work), partial)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)


def pack(folder, target):
    """Write ``folder`` as a gzipped tar at ``target``, the same bytes every time."""
    with (
        open(target, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for path in sorted(folder.rglob("*")):
            info = tar.gettarinfo(
                str(path), arcname=path.relative_to(folder).as_posix()
            )
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mode = 0o755 if path.is_dir() else 0o644
            if path.is_dir():
                tar.addfile(info)
            else:
                with open(path, "rb") as file:
                    tar.addfile(info, file)


@contextlib.contextmanager
def folder_to_read(source):
    """The export at ``source`` as a folder: itself, or a ``.tar.gz`` unpacked
    into a temporary folder that goes when the block ends."""
    source = Path(source)
    if not source.exists():
        raise ArchiveError(f"{source} does not exist.")
    if source.is_dir():
        yield source
        return
    if not is_tarball(source):
        raise ArchiveError(f"{source} is neither a folder nor a .tar.gz export.")
    with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as work:
        try:
            with tarfile.open(source, "r:gz") as tar:
                # The "data" filter refuses links, devices and paths outside ``work``.
                tar.extractall(work, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise ArchiveError(f"{source} cannot be unpacked: {error}") from error
        yield Path(work)
