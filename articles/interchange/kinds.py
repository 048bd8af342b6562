"""The kinds of record an export holds, one entry each, in the order they are read.

Each ``RecordKind`` names a model and a file (``<name>.jsonl``); its columns are the
model's own fields, so a field added to a model is exported and restored with no
change here (and documented in ``docs/export-format.md``, which a test holds to the
registry). How a value is written follows from its field: a foreign key becomes the
``id`` of a record of the kind that holds its target, a time an ISO 8601 string in
UTC, an image the name of a file under ``media/``. ``codecs`` overrides that for a
column, ``rename`` gives it another name in the file.

A kind added later is one more ``RecordKind`` in ``KINDS``, placed after the kinds
it refers to. Share links are left out on purpose: each is a key to
an unpublished story, made for days at most; a restored newsroom makes new ones.
Notifications are left out too: they are what happened lately, told once, and the
story's history (transitions, comments) keeps the record of it.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models

from ..models.fields import RichTextField
from ..sanitize import clean_html

SCHEMA_VERSION = 1


class RecordError(ValueError):
    """A value of a record that cannot be restored; the message says why."""


# ---- How values are written ----


class Codec:
    """Turns a column's database value into JSON and back, checking what it reads."""

    refers_to = None

    def bind(self, model_field):
        self.field = model_field
        self.nullable = model_field.null
        return self

    def encode(self, value, context):
        return value

    def decode(self, value, context):
        if value is None:
            if self.nullable:
                return None
            raise RecordError("must not be null")
        return self.check(value, context)

    def check(self, value, context):
        return value


class Plain(Codec):
    """Text, numbers and yes/no, as JSON has them; lengths and choices checked."""

    TYPES = {
        "BooleanField": bool,
        "CharField": str,
        "SlugField": str,
        "EmailField": str,
        "URLField": str,
        "TextField": str,
        "FileField": str,
        "ImageField": str,
    }

    def bind(self, model_field):
        super().bind(model_field)
        internal = model_field.get_internal_type()
        self.type = self.TYPES.get(internal, int if "Integer" in internal else str)
        if "AutoField" in internal:
            self.type = int
        self.choices = {str(value) for value, _label in model_field.flatchoices}
        self.max_length = getattr(model_field, "max_length", None)
        return self

    def check(self, value, context):
        # A bool is an int to Python; not to a reader of the format.
        if not isinstance(value, self.type) or (
            self.type is int and isinstance(value, bool)
        ):
            raise RecordError(f"must be {_TYPE_NAMES[self.type]}, not {value!r}")
        if self.max_length and self.type is str and len(value) > self.max_length:
            raise RecordError(f"is longer than {self.max_length} characters")
        if self.choices and value not in self.choices and value != "":
            raise RecordError(f"{value!r} is not one of {sorted(self.choices)}")
        if self.type is int and value < 0 and "Positive" in type(self.field).__name__:
            raise RecordError(f"must not be negative, not {value}")
        return value


_TYPE_NAMES = {bool: "true or false", int: "a whole number", str: "a string"}


class RichText(Plain):
    """Rich text, cleaned again on the way in: an export is input like any other."""

    def check(self, value, context):
        return clean_html(super().check(value, context))


class DateTime(Codec):
    """A time as ``2026-05-01T09:30:00.000000Z``: UTC, always to the microsecond."""

    def encode(self, value, context):
        if value is None:
            return None
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def check(self, value, context):
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise RecordError(
                f"must be a time such as 2026-05-01T09:30:00Z, not {value!r}"
            ) from None
        if parsed.tzinfo is None:
            raise RecordError(f"must say its time zone (end in Z), not {value!r}")
        return parsed


class Date(Codec):
    """A day as ``2026-05-01``."""

    def encode(self, value, context):
        return None if value is None else value.isoformat()

    def check(self, value, context):
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise RecordError(
                f"must be a day such as 2026-05-01, not {value!r}"
            ) from None


class Ref(Codec):
    """The ``id`` of a record of kind ``kind``; the restore maps it to the row's key
    in the database it writes to. ``optional``: written as null when that kind is
    not in the export (revisions are exported only when asked for)."""

    def __init__(self, kind, optional=False):
        self.refers_to = kind
        self.optional = optional

    def encode(self, value, context):
        if self.optional and self.refers_to not in context.kinds:
            return None
        return value

    def check(self, value, context):
        if not isinstance(value, int) or isinstance(value, bool):
            raise RecordError(
                f"must be the id of a {self.refers_to} record, not {value!r}"
            )
        return context.local_id(self.refers_to, value)


class Media(Plain):
    """The name of a stored original, a file under ``media/`` in the export."""

    def encode(self, value, context):
        if value:
            context.media.add(value)
        return value

    def check(self, value, context):
        value = super().check(value, context)
        return context.local_media(value) if value else value


class NaturalKey(Codec):
    """A row the database has of its own (permissions, content types), written as
    ``app_label.name`` so that it means the same in every database."""

    def __init__(self, model, name_field):
        self.model = model
        self.name_field = name_field

    def _names(self, context):
        key = (self.model, self.name_field)
        if key not in context.natural:
            if self.model is ContentType:
                rows = self.model.objects.values_list("pk", "app_label", "model")
            else:
                rows = self.model.objects.values_list(
                    "pk", "content_type__app_label", self.name_field
                )
            context.natural[key] = {pk: f"{app}.{name}" for pk, app, name in rows}
        return context.natural[key]

    def encode(self, value, context):
        return None if value is None else self._names(context)[value]

    def check(self, value, context):
        key = (self.model, self.name_field, "reverse")
        if key not in context.natural:
            context.natural[key] = {v: k for k, v in self._names(context).items()}
        try:
            return context.natural[key][value]
        except (KeyError, TypeError):
            what = self.model._meta.verbose_name
            raise RecordError(
                f"names a {what} this newsroom does not have: {value!r}"
            ) from None


def codec_for(model_field, kind_by_model):
    """The codec a field gets unless its kind says otherwise."""
    if isinstance(model_field, models.ForeignKey):
        target = model_field.related_model
        if target is Permission:
            return NaturalKey(Permission, "codename")
        if target is ContentType:
            return NaturalKey(ContentType, "model")
        if target not in kind_by_model:
            raise LookupError(
                f"{model_field} refers to {target._meta.label}, which no record kind "
                "holds: add a kind for it, or a codec for the field."
            )
        optional = kind_by_model[target].option is not None
        return Ref(kind_by_model[target].name, optional=optional)
    if isinstance(model_field, models.DateTimeField):
        return DateTime()
    if isinstance(model_field, models.DateField):
        return Date()
    if isinstance(model_field, models.FileField):
        return Media()
    if isinstance(model_field, RichTextField):
        return RichText()
    return Plain()


# ---- Kinds ----


@dataclass(frozen=True)
class Column:
    name: str  # in the file
    attname: str  # in the database
    codec: Codec


@dataclass
class RecordKind:
    """One kind of record: a model's rows, one JSON object a line in ``<name>.jsonl``.

    ``key``: the columns (by their names in the file) that identify a record in any
    database, for ``--merge``; ``owner``: the reference whose record this one belongs
    to (a story's body part follows its story in a merge). A kind with neither is
    left out of a merge. ``seeded``: rows a new database has already (made by a
    migration or ``setup_roles``), which a restore into it replaces. ``option``:
    exported only with that option of ``export_newsroom``. ``secret``: columns
    exported only with ``--with-credentials``; a restore without them fills them
    with ``missing``.
    """

    name: str
    model: object  # a model, its "app_label.Model" label, or a callable returning it
    key: tuple = ()
    owner: str = ""
    seeded: bool = False
    option: str | None = None
    exclude: tuple = ()
    rename: dict = field(default_factory=dict)
    codecs: dict = field(default_factory=dict)
    secret: tuple = ()
    missing: dict = field(default_factory=dict)
    fixed: dict = field(default_factory=dict)  # attname: callable, set on restore
    order_by: tuple = ("pk",)
    filter: object = None  # a callable returning a Q for the rows to export
    description: str = ""

    @property
    def file(self):
        return f"{self.name}.jsonl"

    def get_model(self):
        if isinstance(self.model, str):
            return apps.get_model(self.model)
        if isinstance(self.model, type):
            return self.model
        return self.model()

    def columns(self, *, with_credentials=True):
        """The columns, in the order they are written."""
        kind_by_model = {kind.get_model(): kind for kind in KINDS}
        result = []
        for model_field in self.get_model()._meta.concrete_fields:
            attname = model_field.attname
            if model_field.primary_key:
                name = "id"
            else:
                name = self.rename.get(attname, model_field.name)
            if name in self.exclude or attname in self.exclude:
                continue
            if name in self.secret and not with_credentials:
                continue
            codec = self.codecs.get(name) or codec_for(model_field, kind_by_model)
            result.append(Column(name, attname, codec.bind(model_field)))
        return result

    def queryset(self):
        rows = self.get_model()._base_manager.all()
        if self.filter is not None:
            rows = rows.filter(self.filter())
        return rows.order_by(*self.order_by)


def _story_type():
    return ContentType.objects.get_by_natural_key("articles", "article").pk


def _user_through(name):
    return lambda: getattr(get_user_model(), name).through


def _unusable_password():
    return make_password(None)


KINDS = [
    RecordKind(
        "users",
        get_user_model,
        key=("username",),
        secret=("password",),
        missing={"password": _unusable_password},
        description="Accounts; password hashes only with --with-credentials.",
    ),
    RecordKind("groups", "auth.Group", key=("name",), seeded=True),
    RecordKind(
        "group_permissions",
        lambda: apps.get_model("auth.Group").permissions.through,
        key=("group", "permission"),
        seeded=True,
    ),
    RecordKind("user_groups", _user_through("groups"), key=("user", "group")),
    RecordKind(
        "user_permissions",
        _user_through("user_permissions"),
        key=("user", "permission"),
    ),
    # Whether each person wants notifications by email too. The notifications
    # themselves stay out: an inbox is news of the day, not the newsroom's record.
    RecordKind("staff_preferences", "articles.StaffPreferences", key=("user",)),
    RecordKind(
        "revisions",
        "reversion.Revision",
        option="with_revisions",
        description="django-reversion's revisions: who saved, when, with what comment.",
    ),
    # Top-level sections first, so a child always follows its parent.
    RecordKind(
        "sections",
        "articles.Section",
        key=("slug",),
        order_by=(models.F("parent").asc(nulls_first=True), "pk"),
    ),
    RecordKind("callout_kinds", "articles.CalloutKind", key=("slug",), seeded=True),
    RecordKind("authors", "articles.Author", key=("slug",)),
    RecordKind(
        "sources",
        "articles.Source",
        key=("organisation", "abbreviation", "title", "published_on"),
    ),
    RecordKind("tags", "taggit.Tag", key=("slug",)),
    RecordKind("stories", "articles.Article", key=("section", "slug")),
    RecordKind("body_parts", "articles.BodyPart", owner="story"),
    RecordKind("bylines", "articles.Byline", owner="story"),
    RecordKind("citations", "articles.Citation", owner="story"),
    RecordKind(
        "story_tags",
        "taggit.TaggedItem",
        owner="story",
        exclude=("content_type",),
        rename={"object_id": "story"},
        codecs={"story": Ref("stories")},
        fixed={"content_type_id": _story_type},
        filter=lambda: models.Q(content_type=_story_type()),
    ),
    RecordKind("corrections", "articles.Correction", owner="story"),
    RecordKind("transitions", "articles.ArticleTransition", owner="story"),
    RecordKind("comments", "articles.EditorialComment", owner="story"),
    RecordKind("former_addresses", "articles.FormerAddress", owner="story"),
    # The copy desk: its settings, rules and house list (the migrations make the
    # shipped ones), and the findings editors marked as intended.
    RecordKind(
        "copy_desk_settings", "articles.CopyDeskSettings", key=("id",), seeded=True
    ),
    RecordKind("copy_rules", "articles.CopyRule", key=("rule_id",), seeded=True),
    RecordKind("house_list", "articles.HouseTerm", key=("canonical",), seeded=True),
    RecordKind("copy_waivers", "articles.CopyWaiver", owner="story"),
    RecordKind(
        "versions",
        "reversion.Version",
        option="with_revisions",
        description="The rows each revision holds, as django-reversion serialised them.",
    ),
]

# A story's own rows call it "story" in the file, whatever the model calls it.
for _kind in KINDS:
    if _kind.owner == "story" and _kind.name != "story_tags":
        _kind.rename.setdefault("article_id", "story")

OPTIONS = ("with_credentials", "with_revisions")


def kind_named(name):
    return next((kind for kind in KINDS if kind.name == name), None)
