"""The rich-text field every editor-written HTML value is stored in."""

from django_prose_editor.fields import ProseEditorField

from ..sanitize import EDITOR_EXTENSIONS, clean_html


class RichTextField(ProseEditorField):
    """A text field edited in the prose editor and cleaned by ``sanitize.clean_html``.

    The form cleans what an editor submits; models also clean in ``save()`` so that
    rows written by commands and imports pass through the same allowlist.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": dict(EDITOR_EXTENSIONS)})
        kwargs.setdefault("sanitize", clean_html)
        super().__init__(*args, **kwargs)
