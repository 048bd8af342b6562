"""Brings a WordPress export into the newsroom: sections, authors, tags and stories.

The export is read by ``importing.wxr`` (no database there); each post is written
through the one story writer (``stories.import_story``), keyed by its id and guid
on its site, so a second run updates the stories the first made instead of adding
new ones. Categories become sections (a category nested deeper than our one level
of children becomes a child of its top-level ancestor), WordPress's statuses go
through the workflow, images come from a local copy of the uploads folder through
the image pipeline, and every address a post had is kept as a redirect.
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from . import workflow
from .images import clean_upload
from .importing import Credit
from .importing.wxr import post_story, upload_path
from .models import Article, Author, BodyPart, Section
from .models.sections import RESERVED_SLUGS
from .redirects import remember_address
from .stories import Lookups, find_or_create_author, import_story
from .tags import tag_problem

Status = Article.Status
# A story brought from WordPress's "publish" was public there: the copy desk's
# gate, which holds new copy back, is passed with this reason, kept in its history
# with whatever the desk found (``workflow.transition``).
PUBLISHED_BEFORE = (
    "Published on WordPress on {date}, before the newsroom moved: imported as the "
    "archive has it."
)
SCHEDULED_BEFORE = "Scheduled on WordPress for {date}, before the newsroom moved."
UNCATEGORIZED = "uncategorized"
IMAGE_FOLDER = "wordpress"
# What WordPress's other kinds of item are, for the summary.
NOT_STORIES = {
    "attachment": "their files come in with the posts that show them",
    "nav_menu_item": "menus are the old site's navigation, not stories",
    "wp_navigation": "menus are the old site's navigation, not stories",
    "revision": "only a post's last version is imported",
}


class ImportProblem(ValueError):
    """An option of the import cannot be followed; the message says why."""


@dataclass
class Report:
    """What an import did: counts by kind and outcome, what it skipped and why,
    and what it could not keep as it was, post by post."""

    counts: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # (what, why): count
    notices: list = field(default_factory=list)  # (post label, message)
    missing_images: list = field(default_factory=list)  # (post label, address)
    failures: list = field(default_factory=list)  # (post label, message)
    statuses: Counter = field(default_factory=Counter)


def parse_section_map(values):
    """``{category slug: section slug}`` from ``category=section`` pairs, given
    one an option or several separated by commas."""
    mapping = {}
    for value in values or []:
        for pair in value.split(","):
            if not pair.strip():
                continue
            category, equals, section = pair.partition("=")
            if not equals or not category.strip() or not section.strip():
                raise ImportProblem(
                    f"--section-map takes category=section pairs, not “{pair.strip()}”"
                )
            mapping[category.strip()] = section.strip()
    return mapping


def post_label(post):
    return f"{post.post_type} {post.post_id} “{post.title.strip()[:60]}”"


class WordPressImport:
    """One run of the import of ``export`` (an ``importing.wxr.Export``)."""

    def __init__(
        self,
        export,
        *,
        uploads=None,
        section_map=None,
        pages=False,
        users=False,
        language="en",
        now=None,
    ):
        self.export = export
        self.uploads = Path(uploads) if uploads else None
        self.pages = pages
        self.users = users
        self.language = language
        self.now = now or timezone.now()
        self.report = Report()
        self.categories = {category.slug: category for category in export.categories}
        self.mapped = self._mapped_sections(section_map or {})
        self.sections = {}
        self.authors = {}
        self.stored = {}  # upload path: stored image name
        # The callout kinds and authors the run's stories have read or made.
        self.lookups = Lookups()

    def _mapped_sections(self, mapping):
        sections = {}
        missing = []
        for category, slug in mapping.items():
            section = Section.objects.filter(slug=slug).first()
            if section is None:
                missing.append(slug)
            sections[category] = section
        if missing:
            known = ", ".join(Section.objects.values_list("slug", flat=True)) or "none"
            raise ImportProblem(
                f"--section-map names sections that do not exist: "
                f"{', '.join(missing)} (sections: {known})"
            )
        return sections

    # -- the run ---------------------------------------------------------------

    def run(self):
        report = self.report
        for post_type, count in self.export.others.items():
            why = NOT_STORIES.get(post_type, "not a post or a page")
            report.skipped[(post_type, why)] += count
        if self.export.attachments:
            report.skipped[("attachment", NOT_STORIES["attachment"])] += len(
                self.export.attachments
            )
        for post in self.export.posts:
            self._import(post)
        return report

    def _import(self, post):
        report = self.report
        label = post_label(post)
        if post.post_type == "page" and not self.pages:
            report.skipped[("page", "pages come in with --pages")] += 1
            return
        target = self._target_status(post, label)
        if target is None:
            return
        counts, statuses = Counter(report.counts), Counter(report.statuses)
        try:
            with transaction.atomic():
                self._write(post, label, target)
        except (DatabaseError, ValidationError, workflow.TransitionNotAllowed) as error:
            message = " ".join(str(getattr(error, "message", error)).split())
            report.failures.append((label, message))
            # What the failed post wrote is rolled back, and so are its counts; the
            # rows it made are found again by the next post.
            report.counts, report.statuses = counts, statuses
            report.counts["story", "failed"] += 1
            self.sections.clear()
            self.authors.clear()

    def _target_status(self, post, label):
        status = post.status
        if status == "publish" and post.password:
            self.report.notices.append(
                (label, "password-protected on WordPress: kept as a draft")
            )
            return Status.DRAFT
        if status == "private":
            self.report.notices.append(
                (label, "private on WordPress: kept as a draft, never shown")
            )
            return Status.DRAFT
        if status in ("publish", "future") and post.date is None:
            self.report.notices.append(
                (label, "has no publication date: kept as a draft")
            )
            return Status.DRAFT
        mapping = {
            "publish": Status.PUBLISHED,
            "future": Status.SCHEDULED,
            "draft": Status.DRAFT,
            "pending": Status.SUBMITTED,
        }
        if status not in mapping:
            why = (
                "in WordPress's trash"
                if status == "trash"
                else f"its status is “{status or 'none'}”"
            )
            self.report.skipped[(post.post_type, why)] += 1
            return None
        return mapping[status]

    def _write(self, post, label, target):
        report = self.report
        story = post_story(post, self.export, language=self.language)
        for notice in story.notices:
            report.notices.append((label, notice))
        story.tags = self._tags(story.tags, label)
        section = self._section_of(post, label)
        self._author(post)
        for part in story.body:
            if part.kind == "image":
                part.image = self._image(part.address, label)
                report.counts["image", "attached" if part.image else "missing"] += 1
        fields = {"language": self._language()}
        fields.update(self._lead_image(post, label))
        moment = self._moment(post)
        new_fields = {"created_at": moment}
        if post.slug:
            new_fields["slug"] = post.slug
        written, replaced = import_story(
            story,
            section=section,
            source=post.key,
            update=True,
            by_text=False,
            fields=fields,
            new_fields=new_fields,
            comment=f"WordPress {post.post_type} {post.post_id}",
            lookups=self.lookups,
        )
        article = written.article
        report.counts["story", "updated" if replaced else "created"] += 1
        self._move(article, target, moment)
        report.statuses[article.status] += 1
        # Kept whatever the status: an old address answers only while readers may
        # see the story (``selectors.moved_story``), so a draft's waits for it.
        for path in post.old_paths():
            if remember_address(article, path) is not None:
                report.counts["redirect", "kept"] += 1

    def _move(self, article, target, moment):
        """Take a story the import made (or left as a draft) to its WordPress status,
        through the workflow; a story an editor has moved since stays where it is."""
        if article.status != Status.DRAFT or target == Status.DRAFT:
            return
        workflow.submit(article, by=None, note="Imported from WordPress.")
        if target == Status.SUBMITTED:
            return
        date = timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
        reason = PUBLISHED_BEFORE if target == Status.PUBLISHED else SCHEDULED_BEFORE
        reason = reason.format(date=date)
        workflow.approve(article, by=None, override=reason)
        workflow.publish(article, by=None, at=moment, now=self.now, override=reason)

    # -- what a post brings ------------------------------------------------------

    def _moment(self, post):
        if post.date is None:
            return self.now
        if timezone.is_naive(post.date):
            return timezone.make_aware(post.date)
        return post.date

    def _language(self):
        language = (self.export.language or self.language).split("-")[0].lower()
        return language if language.isalpha() and 2 <= len(language) <= 3 else "en"

    def _tags(self, names, label):
        kept = []
        for name in names:
            problem = tag_problem(name)
            if problem:
                self.report.notices.append((label, f"tag left out: {problem}"))
            else:
                kept.append(name)
        self.report.counts["tag", "given"] += len(kept)
        return kept

    def _section_of(self, post, label):
        """The section of the post's most specific category (the deepest; the
        first of equals), every category it has made a section; the others are
        named in the report."""
        known = [slug for slug in post.categories if slug in self.categories]
        mapped = [slug for slug in post.categories if slug in self.mapped]
        if mapped:
            chosen = mapped[0]
        elif known:
            chosen = max(
                known, key=lambda slug: self.categories[slug].depth(self.categories)
            )
        else:
            return self._section(UNCATEGORIZED)
        for slug in known:
            self._section(slug)
        others = [self.categories[slug].name for slug in known if slug != chosen]
        section = self._section(chosen)
        if others:
            self.report.notices.append(
                (label, f"filed in {section}; also in WordPress's {', '.join(others)}")
            )
        return section

    def _section(self, slug):
        """The section for the WordPress category ``slug``: mapped, on file, or new."""
        if slug in self.mapped:
            return self.mapped[slug]
        if slug in self.sections:
            return self.sections[slug]
        category = self.categories.get(slug)
        name = category.name if category else "Uncategorized"
        parent = None
        if category is not None and category.parent in self.categories:
            top, seen = category, {category.slug}
            while top.parent in self.categories and top.parent not in seen:
                top = self.categories[top.parent]
                seen.add(top.slug)
            parent = self._section(top.slug)
            if parent.parent_id is not None:
                parent = parent.parent
            if len(seen) > 2:
                self.report.notices.append(
                    (
                        f"category “{name}”",
                        f"nests {len(seen)} deep and sections nest two: made a "
                        f"child of {parent.name}",
                    )
                )
        section_slug = self._section_slug(slug)
        section = Section.objects.filter(slug=section_slug).first()
        if section is None:
            last = Section.objects.order_by("-position").first()
            section = Section.objects.create(
                name=name[:100],
                slug=section_slug,
                parent=parent,
                description=category.description if category else "",
                position=(last.position + 1) if last else 0,
            )
            self.report.counts["section", "created"] += 1
        else:
            self.report.counts["section", "kept"] += 1
        self.sections[slug] = section
        return section

    @staticmethod
    def _section_slug(slug):
        """A section's slug (Latin letters, digits, hyphens) for a category's: one
        of another script gets one made from it, so that two never share one."""
        digest = hashlib.sha256(slug.encode("utf-8")).hexdigest()[:8]
        base = slugify(slug)[:90].strip("-") or f"category-{digest}"
        if base in RESERVED_SLUGS:
            base = f"{base}-section"
        return base

    def _author(self, post):
        """The post's author on file, with the bio WordPress had (and, with
        ``users``, an account): the writer finds them by name for the byline."""
        author = self.export.authors.get(post.author)
        if author is None or post.author in self.authors:
            return
        row = Author.objects.filter(name__iexact=author.name).order_by("pk").first()
        self.report.counts["author", "kept" if row else "created"] += 1
        row = row or find_or_create_author(Credit(author.name))
        if not row.bio and author.bio:
            row.bio = author.bio
            row.save(update_fields=["bio"])
        if self.users:
            self._account(author, row)
        self.authors[post.author] = row

    def _account(self, author, row):
        """An inactive account for a WordPress author, linked to their profile: an
        administrator gives it a password and turns it on."""
        User = get_user_model()
        user = User.objects.filter(username=author.login).first()
        if user is None:
            user = User(
                username=author.login[:150],
                email=author.email,
                first_name=author.first_name[:150],
                last_name=author.last_name[:150],
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            self.report.counts["user", "created"] += 1
        else:
            self.report.counts["user", "kept"] += 1
        if row.user_id is None and not Author.objects.filter(user=user).exists():
            row.user = user
            row.save(update_fields=["user"])

    # -- images ------------------------------------------------------------------

    def _lead_image(self, post, label):
        number = post.meta.get("_thumbnail_id", "").strip()
        attachment = (
            self.export.attachments.get(int(number)) if number.isdigit() else None
        )
        if attachment is None:
            return {}
        name = self._image(attachment.url, label)
        self.report.counts["image", "attached" if name else "missing"] += 1
        if not name:
            return {}
        return {
            "lead_image": name,
            "lead_image_caption": attachment.caption[:500],
            "lead_image_alt": attachment.alt_text[:300],
        }

    def _image(self, address, label):
        """The stored name of the image at ``address`` on the old site, cleaned by
        the image pipeline; "" (and a line in the report) when it is not in the
        uploads folder, or there is no folder."""
        if not address:
            return ""
        relative = upload_path(address)
        if relative in self.stored:
            return self.stored[relative]
        found = self._upload(relative)
        if found is None:
            self.report.missing_images.append((label, address))
            self.stored[relative] = ""
            return ""
        data = found.read_bytes()
        try:
            cleaned = clean_upload(SimpleUploadedFile(found.name, data))
        except ValidationError as error:
            self.report.notices.append(
                (label, f"image {relative}: {error.messages[0]}")
            )
            self.stored[relative] = ""
            return ""
        storage = BodyPart._meta.get_field("image").storage
        # Named by what it holds: the same file, imported again, is the same image.
        digest = hashlib.sha256(data).hexdigest()[:32]
        extension = cleaned.name.rsplit(".", 1)[-1]
        name = f"{IMAGE_FOLDER}/{digest}.{extension}"
        if not storage.exists(name):
            name = storage.save(name, cleaned)
        self.stored[relative] = name
        return name

    def _upload(self, relative):
        """The file for ``relative`` in the uploads folder, or its full-size original
        when the post shows a resized copy (``photo-300x200.jpg``)."""
        if self.uploads is None:
            return None
        candidates = [relative, re.sub(r"-\d+x\d+(?=\.\w+$)", "", relative)]
        for candidate in candidates:
            path = (self.uploads / candidate).resolve()
            if self.uploads.resolve() in path.parents and path.is_file():
                return path
        return None


def import_export(export, **options):
    """Run the import of ``export``; return its ``Report``."""
    return WordPressImport(export, **options).run()
