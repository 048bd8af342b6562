"""A published story as IPTC ninjs 3.1, the news industry's JSON, for partners.

``story_as_ninjs`` reads a story as the article page reads it (``selectors``'s
whole story: no query of its own) and says it in ninjs's terms: headline, dek as
summary, the body as the page's HTML, bylines as people, section and tags as
subjects, cited sources as info sources, the lead image as an association. Only
what readers see goes out: no internal correction reason, planning field or
editors' comment.
"""

import datetime

from django.template.loader import render_to_string

NINJS_VERSION = "3.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"


def _time(value):
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def story_as_ninjs(article, *, absolute):
    """The ninjs object of ``article``; ``absolute(path)`` makes a full URL."""
    body = render_to_string(
        "articles/ninjs_body.html", {"sections": article.body_sections()}
    )
    item = {
        "uri": absolute(article.get_absolute_url()),
        "standard": {
            "name": "ninjs",
            "version": NINJS_VERSION,
            "schema": NINJS_SCHEMA,
        },
        "type": "text",
        "representationType": "full",
        "version": str(article.lock_version),
        "firstCreated": _time(article.created_at),
        "versionCreated": _time(article.last_changed),
        "contentCreated": _time(article.published_at),
        "pubStatus": "usable",
        "language": article.language,
        "headlines": [{"role": "main", "value": article.headline}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "wordCount": article.word_count(),
                "value": body.strip(),
            }
        ],
        "slugline": article.slug,
        "altIds": [{"role": "internal", "value": str(article.pk)}],
    }
    if article.dek:
        item["descriptions"] = [{"role": "summary", "value": article.dek}]
    if article.dateline:
        item["located"] = article.dateline
    credits = [
        f"{label} {', '.join(author.name for author in authors)}"
        for label, authors in article.credit_lines()
    ]
    if credits:
        item["by"] = "; ".join(credits)
        item["people"] = [
            {
                "name": byline.author.name,
                "rel": byline.role,
                "uri": absolute(byline.author.get_absolute_url()),
            }
            for byline in article.listed_bylines()
        ]
    item["subjects"] = [
        {
            "name": article.section.name,
            "rel": "section",
            "uri": absolute(article.section.get_absolute_url()),
        },
        *(
            {"name": tag.name, "rel": "tag", "literal": tag.slug}
            for tag in article.listed_tags()
        ),
    ]
    sources = [
        {
            "name": str(citation.source),
            "role": "cited",
            **({"uri": citation.source.url} if citation.source.url else {}),
        }
        for citation in article.listed_citations()
    ]
    if sources:
        item["infoSources"] = sources
    notes = [
        {"role": note.kind, "value": note.text} for note in article.listed_corrections()
    ]
    if notes:
        item.setdefault("descriptions", []).extend(notes)
    if article.lead_image:
        item["associations"] = [_lead_image(article, absolute)]
    return item


def _lead_image(article, absolute):
    image = article.lead_image
    original = {"name": "original", "href": absolute(image.url)}
    if article.lead_image_width:
        original["width"] = article.lead_image_width
        original["height"] = article.lead_image_height
    association = {
        "name": "leadimage",
        "uri": absolute(image.url),
        "type": "picture",
        "renditions": [original],
    }
    if article.lead_image_caption:
        association["headlines"] = [{"value": article.lead_image_caption}]
    if article.lead_image_alt:
        association["descriptions"] = [{"role": "alt", "value": article.lead_image_alt}]
    if article.lead_image_credit:
        association["by"] = article.lead_image_credit
    return association
