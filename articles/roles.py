"""The newsroom's roles, as Django groups and the permissions each one holds.

``setup_roles`` makes the groups match this module exactly, so running it again after
a change here takes away what a role should no longer have.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import m2m_changed

REPORTER = "Reporter"
EDITOR = "Editor"
SITE_ADMINISTRATOR = "Site administrator"

# The parts of a story that are edited on the story's own page.
_STORY_PARTS = ["bodypart", "byline", "citation"]
_CRUD = ["add", "change", "delete", "view"]


def _codenames(models, actions):
    return {f"{action}_{model}" for model in models for action in actions}


REPORTER_PERMISSIONS = (
    {"add_article", "change_article", "view_article", "submit_article"}
    | _codenames(_STORY_PARTS, _CRUD)
    | _codenames(["source"], ["add", "view"])
    | _codenames(["author", "section", "calloutkind", "correction", "quote"], ["view"])
    # Her own author profile, so that she can byline herself; not anyone else's.
    | {"edit_own_author"}
    | {"add_tag", "view_tag"}
    | {"add_editorialcomment", "view_editorialcomment", "view_articletransition"}
    | _codenames(["copyrule", "houseterm", "copydesksettings", "copywaiver"], ["view"])
)

EDITOR_PERMISSIONS = (
    REPORTER_PERMISSIONS
    | {
        "approve_article",
        "publish_article",
        "spike_article",
        "edit_any_article",
        "delete_article",
    }
    | _codenames(["source", "author", "correction", "callout", "quote"], _CRUD)
    | _codenames(["tag", "taggeditem"], _CRUD)
    # The house list grows with the news; the rules are the Site administrator's.
    | _codenames(["houseterm"], _CRUD)
    | _codenames(["sharelink"], ["view", "change"])
)

ROLES = {
    REPORTER: REPORTER_PERMISSIONS,
    EDITOR: EDITOR_PERMISSIONS,
    # Site administrators also run the site itself: sections, callout kinds, people.
    SITE_ADMINISTRATOR: EDITOR_PERMISSIONS
    | _codenames(["section", "calloutkind", "copyrule"], _CRUD)
    | {"change_copydesksettings"}
    | _codenames(["user", "group", "staffmember"], _CRUD)
    | {"view_permission", "view_logentry"},
}

_APPS = ("articles", "taggit", "auth", "admin")


@transaction.atomic
def setup_roles():
    """Create or update every role's group; return ``{role: number of permissions}``."""
    available = {
        perm.codename: perm
        for perm in Permission.objects.filter(content_type__app_label__in=_APPS)
    }
    result = {}
    for role, codenames in ROLES.items():
        missing = codenames - available.keys()
        if missing:
            raise LookupError(f"{role}: unknown permissions {sorted(missing)}")
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([available[codename] for codename in codenames])
        result[role] = len(codenames)
    return result


def role_of(user):
    """The newsroom role ``user`` holds (the widest, should they hold several), or ""."""
    held = {group.name for group in user.groups.all()}
    return next((role for role in reversed(ROLES) if role in held), "")


@transaction.atomic
def set_role(user, role):
    """Give ``user`` exactly ``role`` among the roles ("" for none); other groups stay.

    Staff status follows (``staff_status_follows_roles``). The groups are made
    first if ``setup_roles`` never ran.
    """
    if role and role not in ROLES:
        raise LookupError(f"No role called {role!r}: {', '.join(ROLES)}.")
    others = Group.objects.filter(name__in=[name for name in ROLES if name != role])
    user.groups.remove(*others)
    if role:
        group = Group.objects.filter(name=role).first()
        if group is None:
            # A site where setup_roles never ran: the roles are this module's.
            setup_roles()
            group = Group.objects.get(name=role)
        user.groups.add(group)


def staff_status_follows_roles(user_ids, *, gained):
    """A person given a role may log in to the admin; one who lost every role no
    longer may. Superusers keep their staff status whatever their groups."""
    user_model = get_user_model()
    in_a_role = user_model.groups.through.objects.filter(
        user=OuterRef("pk"), group__name__in=ROLES
    )
    users = user_model.objects.filter(pk__in=user_ids)
    if gained:
        users.filter(Exists(in_a_role), is_staff=False).update(is_staff=True)
    else:
        users.filter(~Exists(in_a_role), is_staff=True, is_superuser=False).update(
            is_staff=False
        )
    return dict(users.values_list("pk", "is_staff"))


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """``m2m_changed`` of a user's groups, from either side."""
    if action == "pre_clear" and reverse:
        # group.user_set.clear(): who loses it is known only before.
        instance._members_before_clear = list(instance.user_set.values_list("pk"))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        if action == "post_clear":
            user_ids = [pk for (pk,) in getattr(instance, "_members_before_clear", [])]
        else:
            user_ids = list(pk_set or ())
    else:
        user_ids = [instance.pk]
    staff = staff_status_follows_roles(user_ids, gained=action == "post_add")
    if not reverse and instance.pk in staff:
        instance.is_staff = staff[instance.pk]


def connect():
    m2m_changed.connect(
        _groups_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="articles.roles.staff_status",
    )
