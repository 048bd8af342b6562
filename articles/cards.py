"""Social cards: a 1200 × 630 picture of a story for links shared on social networks.

A story without a lead image of its own is shared with a card drawn with Pillow from
its headline, its section and the site's name, in the site's colours. The card's
address is a pure function of what it shows (``card_name()``), so the article page
names it without touching the disk: a new headline, section or site name makes a
new card at a new address, and the old one is never shown again.

Cards are drawn once: when a story readers can see (or will) is saved, after the
transaction commits, or, for stories written another way, by ``views.images.card``
on the first request for one.
"""

import hashlib
import io
import logging
import re

from PIL import Image, ImageDraw, ImageFont, features

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_save

from .models import Article
from .storage import STORAGE_ERRORS

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
CARDS_DIR = "cards"
# Part of every card's name: a change to the drawing below draws every card again.
CARD_VERSION = "1"
# The public site's colours (static/css/site.css): its header band, ink and links.
BAND = (20, 20, 20)
INK = (245, 245, 245)
ACCENT = (110, 168, 232)
MARGIN = 72
HEADLINE_SIZES = (76, 68, 60, 52, 46)
MAX_LINES = 5
_NAME = re.compile(rf"^{CARDS_DIR}/(?P<pk>\d+)-(?P<key>[0-9a-f]{{16}})\.png$")

Status = Article.Status


def shows_card(story):
    """Whether ``story`` is shared with a card: it has no lead image of its own."""
    return not story.lead_image


def card_name(story):
    """Where ``story``'s card is stored: its id and a hash of what the card shows."""
    text = "\n".join(
        [CARD_VERSION, story.headline, story.section.name, settings.NEWSROOM_SITE_NAME]
    )
    key = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"{CARDS_DIR}/{story.pk}-{key}.png"


def card_of(story, request):
    """The card's absolute address, size and alt text, as a page's metadata wants."""
    return {
        "url": request.build_absolute_uri(default_storage.url(card_name(story))),
        "width": WIDTH,
        "height": HEIGHT,
        "alt": f"{story.headline} ({story.section.name}, {settings.NEWSROOM_SITE_NAME})",
        "caption": "",
        "credit": settings.NEWSROOM_SITE_NAME,
    }


def story_for_card(name):
    """The public story whose current card is stored at ``name``, or None."""
    match = _NAME.match(name)
    if match is None:
        return None
    story = (
        Article.objects.published()
        .select_related("section")
        .filter(pk=int(match["pk"]))
        .first()
    )
    if story is None or not shows_card(story) or card_name(story) != name:
        return None
    return story


def ensure_card(story, *, storage=None):
    """Draw ``story``'s card unless it is stored already; return its name."""
    storage = storage or default_storage
    name = card_name(story)
    if not storage.exists(name):
        drawn = draw(
            story.headline,
            story.section.name,
            settings.NEWSROOM_SITE_NAME,
            rtl=story.text_direction == "rtl",
        )
        # The storage keeps the name: it is new, since the card is not there.
        storage.save(name, ContentFile(drawn))
    return name


def draw(headline, section, site_name, *, rtl=False):
    """A card as PNG bytes: the site's name and the section above the headline."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BAND)
    canvas = ImageDraw.Draw(image)
    small = _font(34)
    canvas.text((MARGIN, MARGIN), site_name, font=small, fill=INK)
    canvas.text((MARGIN, MARGIN + 52), section.upper(), font=small, fill=ACCENT)
    canvas.rectangle(
        (MARGIN, HEIGHT - MARGIN - 8, MARGIN + 160, HEIGHT - MARGIN), fill=ACCENT
    )
    top, bottom = MARGIN + 140, HEIGHT - MARGIN - 40
    width = WIDTH - 2 * MARGIN
    for size in HEADLINE_SIZES:
        font = _font(size)
        lines = _wrapped(headline, font, width)
        height = len(lines) * size * 1.18
        if len(lines) <= MAX_LINES and top + height <= bottom:
            break
    lines = lines[:MAX_LINES]
    # Only a face laid out by libraqm takes a direction; Pillow's own face is laid
    # out without it, even where libraqm is installed.
    shapes_text = font.layout_engine == ImageFont.Layout.RAQM and features.check("raqm")
    direction = {"direction": "rtl"} if rtl and shapes_text else {}
    for number, line in enumerate(lines):
        y = top + number * size * 1.18
        if rtl:
            canvas.text(
                (WIDTH - MARGIN, y), line, font=font, fill=INK, anchor="ra", **direction
            )
        else:
            canvas.text((MARGIN, y), line, font=font, fill=INK)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _font(size):
    """The card's typeface at ``size``: NEWSROOM_CARD_FONT when set (for scripts the
    built-in face lacks), else the face Pillow carries."""
    if path := settings.NEWSROOM_CARD_FONT:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _wrapped(text, font, width):
    """``text`` in lines no wider than ``width``; words too long for a line are cut."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for letter in word:
            if font.getlength(line + letter) > width:
                lines.append(line)
                line = ""
            line += letter
    if line:
        lines.append(line)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1].rstrip(".,;:") + "…"
    return lines


def _card_after_save(sender, instance, raw=False, **kwargs):
    """Signal receiver: draw the card of a story readers see, or soon will."""
    if raw or instance.status not in (Status.PUBLISHED, Status.SCHEDULED):
        return
    if not shows_card(instance):
        return
    pk = instance.pk
    transaction.on_commit(lambda: _draw_quietly(pk))


def _draw_quietly(pk):
    story = Article.objects.select_related("section").filter(pk=pk).first()
    if story is None:
        return
    try:
        ensure_card(story)
    except STORAGE_ERRORS:
        # The page names the card anyway; its first request draws it.
        logger.exception("Could not draw the social card of story %s", pk)


def connect():
    post_save.connect(_card_after_save, sender=Article, dispatch_uid="social-cards")
