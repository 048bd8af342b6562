"""What a tag may be: a name its model can keep, whose page has an address.

taggit's ``Tag`` keeps a name and a slug of at most 100 characters each; PostgreSQL
refuses a longer one and SQLite keeps it past the limit. A name whose slug comes out
empty ("!!!") would link to ``/tags//``. The admin's tag field refuses such names
with a message (``admin.text``); ``check_tag`` refuses them on save, whoever writes.
"""

from taggit.models import Tag

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.utils.text import slugify
from django.utils.translation import gettext as _

TAG_NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length
# taggit adds "_1", "_2"... to a slug that is taken: room for that within its limit.
TAG_SLUG_STORED_MAX_LENGTH = Tag._meta.get_field("slug").max_length
TAG_SLUG_MAX_LENGTH = TAG_SLUG_STORED_MAX_LENGTH - 5


def tag_problem(name):
    """What is wrong with ``name`` as a tag, or "" when nothing is."""
    if len(name) > TAG_NAME_MAX_LENGTH:
        return _(
            "A tag has at most %(limit)d characters; this one has %(length)d: "
            "%(start)s…"
        ) % {"limit": TAG_NAME_MAX_LENGTH, "length": len(name), "start": name[:40]}
    slug = slugify(name, allow_unicode=True)
    if not slug.strip("-_"):
        return _(
            "The tag “%(name)s” needs a letter or a digit, to have an address."
        ) % {"name": name}
    if len(slug) > TAG_SLUG_MAX_LENGTH:
        return _("The tag “%(start)s…” is too long for an address.") % {
            "start": name[:40]
        }
    return ""


def check_tag(sender, instance, raw=False, **kwargs):
    """Refuse to save a tag the forms would have refused (``pre_save``)."""
    if raw:
        return
    problem = tag_problem(instance.name)
    if problem:
        raise ValidationError(problem, code="tag")


def connect():
    pre_save.connect(check_tag, sender=Tag, dispatch_uid="articles.check_tag")
