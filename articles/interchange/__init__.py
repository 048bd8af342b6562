"""A whole newsroom as files, and back: ``export_newsroom`` and ``restore_newsroom``.

The format is documented for partners in ``docs/export-format.md``. ``kinds.py`` is
the registry of record kinds, one entry a kind, in the order they are written and
read; ``export.py`` writes them, ``restore.py`` checks and loads them, and
``archive.py`` holds what both share: the manifest, folders and ``.tar.gz`` files.
"""
