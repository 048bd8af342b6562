"""The copy desk against the database: the desk as the newsroom set it up, a
story's report, and the two edits an editor makes from the panel (apply a
suggestion, mark a finding as intended).

The checks in ``copydesk/`` are pure; this module gives them their data and
writes back what an editor decides. The workflow asks ``story_report()`` before
approving or publishing (the gate), the admin shows it, ``check_copy`` prints it.
"""

import html
import re

from taggit.models import Tag

from django.db import transaction

from . import revisions
from .copydesk import Desk, HouseList, check_story
from .copydesk.house import Term
from .copydesk.reading import copy_of_article
from .models import (
    Article,
    Author,
    BodyPart,
    CopyDeskSettings,
    CopyRule,
    CopyWaiver,
    HouseTerm,
    Source,
)
from .selectors import site_sections, whole_story

# A name from the database joins the house list when it has two capitalised words
# at least: "Council on Foreign Relations", "Mary Clare Jalonick"; a one-word
# section ("World") or tag only counts as a known word for the spelling check.
_CAPITALISED_WORD = re.compile(r"(?<![\w-])[A-Z][\w’'-]*")
_WORD = re.compile(r"[^\W\d_]+")


class CannotApply(Exception):
    """The suggestion cannot be applied as it stands; the message says why."""


def load_desk():
    """The copy desk as the newsroom set it up: its rules, house list and settings,
    with the names already in the database (sources, authors, sections, tags)."""
    rules = [rule.as_rule() for rule in CopyRule.objects.all()]
    terms = [term.as_term() for term in HouseTerm.objects.all()]
    names, known = _names_in_database()
    return Desk(
        rules=rules,
        house=HouseList([*terms, *names]),
        settings=CopyDeskSettings.current().as_settings(),
        known_words=known,
    )


def _names_in_database():
    names, known = [], set()
    rows = [
        *(
            (name, abbreviation)
            for name, abbreviation in Source.objects.values_list(
                "organisation", "abbreviation"
            )
        ),  # fmt: skip
        *((name, "") for name in Author.objects.values_list("name", flat=True)),
    ]
    for name, abbreviation in rows:
        known.update(word.lower() for word in _WORD.findall(f"{name} {abbreviation}"))
        if len(_CAPITALISED_WORD.findall(name)) >= 2:
            names.append(
                Term(canonical=" ".join(name.split()), abbreviation=abbreviation)
            )
    for name in [
        *(section.name for section in site_sections().by_id.values()),
        *Tag.objects.values_list("name", flat=True),
    ]:
        known.update(word.lower() for word in _WORD.findall(name))
    return names, known


def story_report(article, *, desk=None, waivers=None):
    """What the copy desk finds in ``article`` as it is stored now.

    ``waivers`` are the story's ``CopyWaiver`` rows, when the caller has them.
    """
    story = whole_story(article.pk)
    section = story.section
    copy = copy_of_article(story, requires_dek=bool(section and section.requires_dek))
    if waivers is None:
        waivers = CopyWaiver.objects.filter(article=article)
    waived = [waiver.key for waiver in waivers]
    return check_story(copy, desk or load_desk(), waived=waived)


def mark_as_intended(article, *, rule, location, text, reason, by):
    """Remember that the finding is intended; it is not raised again for this text."""
    if not reason.strip():
        raise CannotApply("Say why the text is right as it is.")
    waiver, _created = CopyWaiver.objects.update_or_create(
        article=article,
        rule=rule,
        location=location,
        text=text[:500],
        defaults={"reason": reason.strip(), "created_by": by},
    )
    return waiver


@transaction.atomic
def apply_suggestion(article, *, location, start, end, text, suggestion, by):
    """Replace ``text`` at ``start:end`` of the field at ``location`` with
    ``suggestion``, as an edit: the story is saved and a revision records it."""
    locked = Article.objects.select_for_update().get(pk=article.pk)
    owner, name, is_html = _field_at(locked, location)
    value = getattr(owner, name)
    plain = owner.plain_text if is_html else value
    if not (0 <= start <= end <= len(plain)) or plain[start:end] != text:
        raise CannotApply(
            "The text has changed since the copy desk read it; look at the new findings."
        )
    if is_html:
        new_value = _replace_in_html(value, plain, start, text, suggestion)
    else:
        new_value = value[:start] + suggestion + value[end:]
    longest = owner._meta.get_field(name).max_length
    if longest is not None and len(new_value) > longest:
        raise CannotApply(
            f"With that change the text would be longer than its {longest} "
            "characters; edit it in the form."
        )
    setattr(owner, name, new_value)
    if owner is locked:
        locked.save()
    else:
        owner.save()
        locked.save(update_fields=["updated_at", "lock_version"])
    revisions.save_revision(
        locked, by=by, comment=f"Copy desk: “{text}” → “{suggestion}”."
    )
    return locked


def _field_at(article, location):
    if location in ("headline", "dek"):
        return article, location, False
    if location == "lead_image_caption":
        return article, "lead_image_caption", False
    if location == "lead_image_alt":
        return article, "lead_image_alt", False
    kind, _sep, rest = location.partition(":")
    part_id, _sep, name = rest.partition(":")
    if (
        kind == "part"
        and part_id.isdigit()
        and name in ("title", "text", "caption", "alt_text")
    ):
        part = BodyPart.objects.filter(article=article, pk=part_id).first()
        if part is not None:
            return part, name, name == "text"
    raise CannotApply("That part of the story is no longer there.")


def _replace_in_html(value, plain, start, text, suggestion):
    """``value`` (cleaned HTML) with the same occurrence of ``text`` its plain text
    has at ``start`` replaced; markup around the words is kept."""
    occurrence = plain[:start].count(text)
    escaped = html.escape(text, quote=False)
    found = -1
    for match in re.finditer(re.escape(escaped), value):
        if value.rfind("<", 0, match.start()) > value.rfind(">", 0, match.start()):
            continue  # inside a tag
        found += 1
        if found == occurrence:
            return (
                value[: match.start()]
                + html.escape(suggestion, quote=False)
                + value[match.end() :]
            )
    raise CannotApply(
        "The words run across formatting here; make this change in the editor."
    )
