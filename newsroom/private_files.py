"""Secrets a local site makes once and keeps in a file only its owner may read."""

import os


def kept_secret(path, make):
    """The text kept in ``path``: made with ``make()`` and written there on the first
    call (or over an empty file), read back after. The file is its owner's only."""
    if path.is_file():
        os.chmod(path, 0o600)
        if kept := path.read_text(encoding="utf-8").strip():
            return kept
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = make()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secret + "\n")
    # O_CREAT's mode applies only to a new file; an existing empty one keeps its own.
    os.chmod(path, 0o600)
    return secret
