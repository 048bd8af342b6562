"""What a story needs before it runs: a byline, a body, a dek, alt text, a short headline."""

from ..findings import Hit


def byline(copy, pieces, desk):
    if not copy.bylines:
        yield Hit(location="story", label="Bylines", message="The story has no byline.")


def body(copy, pieces, desk):
    if not copy.has_body:
        yield Hit(location="story", label="Body", message="The story has no body text.")


def dek(copy, pieces, desk):
    if copy.requires_dek and not copy.dek.strip():
        yield Hit(
            location="dek",
            label="Dek",
            message="Stories in this section need a dek.",
        )


def alt_text(copy, pieces, desk):
    for picture in copy.pictures:
        if not picture.alt_text.strip():
            yield Hit(
                location=picture.location,
                label=picture.label,
                message="This image has no alt text for readers who cannot see it.",
            )


def headline_length(copy, pieces, desk):
    limit = desk.settings.headline_max_length
    headline = next((p for p in copy.pieces if p.location == "headline"), None)
    if headline and limit and len(headline.text) > limit:
        yield Hit(
            headline,
            limit,
            len(headline.text),
            message=f"The headline is {len(headline.text)} characters; the house limit"
            f" is {limit}.",
        )


CHECKS = {
    "complete.byline": byline,
    "complete.body": body,
    "complete.dek": dek,
    "complete.alt-text": alt_text,
    "complete.headline-length": headline_length,
}
