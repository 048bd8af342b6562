"""The newsroom's roles, as Django groups and the permissions each one holds.

``setup_roles`` makes the groups match this module exactly, so running it again after
a change here takes away what a role should no longer have.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

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
    | _codenames(["user", "group"], _CRUD)
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
