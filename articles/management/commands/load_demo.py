"""Load the demo newsroom: sections, people, sources, and stories in every state.

Safe to run again on a database people work in: it only creates what is missing and
changes nothing that exists. Rows are found by their slugs (sources by organisation
and title, accounts by username); a demo story is there already when a story has its
slug, its headline, or once had its address, so a story an editor renamed or moved
is not loaded a second time, and nobody's edits are written over. A new story's status
is set through the workflow's verbs and by the demo people's own accounts, so its
history reads like an editor's.
"""

import datetime
from collections import Counter
from dataclasses import replace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from ... import revisions, workflow
from ...demo import AUTHORS, SECTIONS, SOURCES, STORIES, pictures
from ...importing import CitedSource, Credit, Part, Story
from ...models import (
    Article,
    ArticleTransition,
    Author,
    BodyPart,
    CalloutKind,
    CopyDeskSettings,
    Correction,
    Section,
    Source,
    unicode_slug,
)
from ...roles import EDITOR, REPORTER, setup_roles
from ...stories import write_story

Status = Article.Status

# The time between two steps of a story's history: submitted, approved, published.
STEP = datetime.timedelta(minutes=40)
PICTURE_FOLDER = "demo"
LIST_STYLES = (BodyPart.Kind.BULLETED_ITEM, BodyPart.Kind.NUMBERED_ITEM)
# What the summary calls rows found and left as they are.
KEPT = "kept"
SUMMARY = [
    ("section", "Sections"),
    ("author", "Authors"),
    ("source", "Sources"),
    ("story", "Stories"),
]


def _flatten(body):
    for item in body:
        if isinstance(item, list):
            yield from item
        else:
            yield item


def _five_minutes(moment):
    return moment.replace(
        minute=moment.minute - moment.minute % 5, second=0, microsecond=0
    )


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (sections, authors, sources and stories in every "
        "state). Running it again creates only what is missing and changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        self.now = timezone.now()
        self.counts = Counter()
        self.kinds = self._callout_kinds()
        self._copy_desk()
        self.sections = self._sections()
        self.authors, self.desk = self._people()
        self.sources = self._sources()
        for spec in STORIES:
            self._story(spec)
        for noun, plural in SUMMARY:
            created, kept = self.counts[noun, True], self.counts[noun, False]
            self.stdout.write(
                f"{plural}: {created + kept} ({created} created, {kept} {KEPT})"
            )

    def _callout_kinds(self):
        kinds = {kind.slug: kind for kind in CalloutKind.objects.all()}
        wanted = {
            part["callout_kind"]
            for spec in STORIES
            for part in _flatten(spec["body"])
            if part["kind"] == BodyPart.Kind.CALLOUT
        }
        if missing := sorted(wanted - kinds.keys()):
            raise CommandError(
                f"The demo uses callout kinds that are missing: {', '.join(missing)}. "
                "Run the migrations, or add them under Callout kinds in the admin."
            )
        return kinds

    def _copy_desk(self):
        """The demo newsroom writes British English; its copy desk checks for that."""
        settings = CopyDeskSettings.current()
        if settings.spelling != "UK":
            settings.spelling = "UK"
            settings.save()

    def _sections(self):
        sections = {}
        for position, (slug, name, parent, description) in enumerate(SECTIONS):
            sections[slug], created = Section.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "parent": sections[parent] if parent else None,
                    "position": position,
                },
            )
            self.counts["section", created] += 1
        return sections

    def _people(self):
        """The authors, each staff member with an account in their newsroom role."""
        setup_roles()
        groups = {
            "reporter": Group.objects.get(name=REPORTER),
            "editor": Group.objects.get(name=EDITOR),
        }
        authors, desk = {}, None
        for slug, name, title, bio, role in AUTHORS:
            user = None
            if role:
                user = self._account(slug, name, groups[role])
                desk = desk or (user if role == "editor" else None)
            authors[slug], created = Author.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "title": title, "bio": bio, "user": user},
            )
            if user and not authors[slug].photo:
                # Staff have a photo on their page; contributors from outside do not.
                authors[slug].photo.save(
                    f"{slug}.jpg", ContentFile(pictures.portrait(slug)), save=True
                )
            self.counts["author", created] += 1
        return authors, desk

    def _account(self, username, name, group):
        first_name, _, last_name = name.partition(" ")
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": True,
            },
        )
        if created:
            # Demo people act in the story histories; nobody logs in as them.
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(group)
        return user

    def _sources(self):
        sources = {}
        for key, fields in SOURCES.items():
            lookup = {"organisation": fields["organisation"], "title": fields["title"]}
            sources[key], created = Source.objects.get_or_create(
                **lookup,
                defaults={
                    name: value for name, value in fields.items() if name not in lookup
                },
            )
            self.counts["source", created] += 1
        # The demo names its sources by key; the writer knows them as cited sources.
        self.cited_as = {
            key: CitedSource(source.organisation, source.abbreviation)
            for key, source in sources.items()
        }
        self.cited = {self.cited_as[key]: source for key, source in sources.items()}
        return sources

    def _picture(self, name):
        """The stored file of demo picture ``name``, drawn once and reused after."""
        storage = BodyPart._meta.get_field("image").storage
        path = f"{PICTURE_FOLDER}/{name}.jpg"
        if not storage.exists(path):
            path = storage.save(path, ContentFile(pictures.draw(name)))
        return path

    def _story(self, spec):
        section = self.sections[spec["section"]]
        slug = spec.get("slug") or unicode_slug(spec["headline"])
        if (found := self._loaded_before(slug, spec["headline"])) is not None:
            self.counts["story", False] += 1
            self.stdout.write(f"{KEPT} {found.status}: {found.pk} {found.slug}")
            return
        bylines = [(role, self.authors[author]) for role, author in spec["bylines"]]
        reporter = next(
            (author.user for _, author in bylines if author.user), self.desk
        )
        fields = {
            "slug": slug,
            "language": spec.get("language", "en"),
            "lead_image": "",
            "lead_image_caption": "",
            "lead_image_credit": "",
            "lead_image_alt": "",
        }
        if lead := spec.get("lead_image"):
            fields.update(
                lead_image=self._picture(lead["picture"]),
                lead_image_caption=lead["caption"],
                lead_image_credit=lead.get("credit", "Tomás Ferreira / The Newsroom"),
                lead_image_alt=lead["alt_text"],
            )
        fields.update(
            created_at=self._created_at(spec), embargo_until=self._embargo(spec)
        )
        story, authors, sources = self._parsed(spec, bylines)
        article = write_story(
            story,
            section=section,
            article=None,
            by=reporter,
            fields=fields,
            authors=authors,
            sources=sources,
        ).article
        self._first_revision(article, reporter)
        self._walk(article, spec, reporter)
        self._add_corrections(article, spec)
        self._stamp_updated_at(article)
        self.counts["story", True] += 1
        self.stdout.write(f"created {article.status}: {section.slug}/{article.slug}")

    def _loaded_before(self, slug, headline):
        """The story the demo loaded from this spec before, wherever it is now.

        Found by its slug (in any section, since an editor may have moved it), by
        its headline when an editor changed the slug, or by an address it had
        before both changed; any story that matches counts, so that the demo never
        doubles a story or writes over one.
        """
        return (
            Article.objects.filter(
                Q(slug=slug)
                | Q(headline=headline)
                | Q(former_addresses__path__endswith=f"/{slug}/")
            )
            .order_by("pk")
            .first()
        )

    def _parsed(self, spec, bylines):
        """The demo story as the importer would have read it, and the authors and
        sources it names, which are on file already."""
        credits = {
            Credit(author.name, role, author.title): author for role, author in bylines
        }
        cited = {
            replace(self.cited_as[key], claim=claim): self.sources[key]
            for key, claim in spec.get("citations", [])
        }
        story = Story(
            headline=spec["headline"],
            dek=spec["dek"],
            dateline=spec["dateline"],
            bylines=list(credits),
            parts=[self._part(part) for part in _flatten(spec["body"])],
            sources=list(cited),
            tags=spec.get("tags", []),
        )
        return story, credits, {**self.cited, **cited}

    def _part(self, part):
        kind, text = part["kind"], part.get("text", "")
        # Text that is already HTML is kept as markup; plain text becomes a paragraph.
        words = {"html": text} if text.startswith("<p>") else {"text": text}
        if kind == BodyPart.Kind.SUBHEAD:
            return Part("subhead", part["title"])
        if kind == BodyPart.Kind.CALLOUT:
            name = self.kinds[part["callout_kind"]].name
            return Part("callout", callout_kind=name, title=part["title"], **words)
        if kind == BodyPart.Kind.QUOTE:
            return Part(
                "pull_quote" if part["display"] == BodyPart.Display.PULL else "quote",
                speaker=part["speaker"],
                speaker_title=part["speaker_title"],
                source=self.cited_as[part["source"]] if part["source"] else None,
                **words,
            )
        if kind in LIST_STYLES:
            return Part("list_item", list_style=kind, **words)
        if kind == BodyPart.Kind.IMAGE:
            return Part(
                "image",
                part["caption"],
                credit=part["credit"],
                image=self._picture(part["picture"]),
                alt_text=part["alt_text"],
            )
        return Part("paragraph", **words)

    def _publication_time(self, spec):
        """``"published": (2, "07:30")`` is two days ago at 07:30 (local time), or
        three days ago when that moment has not come yet; ``"scheduled": (2, "10:00")``
        is two days from now at 10:00."""
        if spec["status"] == Status.SCHEDULED:
            days, clock = spec["scheduled"]
        else:
            days, clock = spec["published"]
            days = -days
        hour, minute = (int(number) for number in clock.split(":"))
        day = timezone.localdate(self.now) + datetime.timedelta(days=days)
        moment = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(hour, minute))
        )
        if spec["status"] != Status.SCHEDULED and moment > self.now:
            moment -= datetime.timedelta(days=1)
        return moment

    def _created_at(self, spec):
        if spec["status"] in (Status.PUBLISHED, Status.UNPUBLISHED):
            return self._publication_time(spec) - 4 * STEP
        return _five_minutes(self.now - spec["created_ago"])

    def _embargo(self, spec):
        return self._publication_time(spec) if spec.get("embargoed") else None

    def _first_revision(self, article, reporter):
        """The story's first snapshot, dated when its reporter wrote it."""
        revisions.save_revision(article, by=reporter, comment="First draft.")
        revision = revisions.revisions_of(article).first().revision
        revision.date_created = article.created_at
        revision.save(update_fields=["date_created"])

    def _walk(self, article, spec, reporter):
        """Take a new story from draft to its demo status, as the desk would have.

        Each step is dated as it would have happened: a published story was
        submitted and approved in the hours before its publication time.
        """
        status = spec["status"]
        note = spec.get("note", "")
        steps = []
        if status != Status.DRAFT:
            steps.append((workflow.submit, reporter, {}))
        if status in (
            Status.APPROVED,
            Status.SCHEDULED,
            Status.PUBLISHED,
            Status.UNPUBLISHED,
        ):
            steps.append((workflow.approve, self.desk, {}))
        if status in (Status.SCHEDULED, Status.PUBLISHED, Status.UNPUBLISHED):
            at = self._publication_time(spec)
            steps.append((workflow.publish, self.desk, {"at": at, "now": self.now}))
        if status == Status.UNPUBLISHED:
            steps.append((workflow.unpublish, self.desk, {"note": note}))
        if status == Status.SPIKED:
            steps.append((workflow.spike, self.desk, {"note": note}))

        moments, clock = [], article.created_at
        for verb, user, options in steps:
            verb(article, by=user, **options)
            if verb is workflow.publish and article.status == Status.PUBLISHED:
                clock = article.published_at
            elif verb is workflow.unpublish:
                clock = article.published_at + spec.get("unpublished_after", 3 * STEP)
            else:
                clock += STEP
            moments.append(min(clock, self.now))
        if article.status != status:
            raise CommandError(
                f"{article.headline!r} ended {article.status}, not {status}."
            )
        transitions = list(article.transitions.order_by("pk"))
        for transition, moment in zip(transitions, moments, strict=True):
            transition.created_at = moment
        ArticleTransition.objects.bulk_update(transitions, ["created_at"])

    def _add_corrections(self, article, spec):
        published = article.published_at or article.created_at
        Correction.objects.bulk_create(
            Correction(
                article=article,
                kind=correction["kind"],
                text=correction["text"],
                reason=correction.get("reason", ""),
                created_by=self.desk,
                created_at=min(published + correction["after"], self.now),
            )
            for correction in spec.get("corrections", [])
        )

    def _stamp_updated_at(self, article):
        """Date the story's last change by its history, not by when the demo loaded."""
        moments = [
            article.created_at,
            article.transitions.aggregate(last=Max("created_at"))["last"],
            article.corrections.aggregate(last=Max("created_at"))["last"],
        ]
        if article.published_at and article.published_at <= self.now:
            moments.append(article.published_at)
        updated_at = max(moment for moment in moments if moment)
        Article.objects.filter(pk=article.pk).update(updated_at=updated_at)
        article.updated_at = updated_at
