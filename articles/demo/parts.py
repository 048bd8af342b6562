"""Small constructors for writing demo stories as data: paragraphs, subheads, callouts, ...

Each returns a plain dict (a list of dicts for a list's items) that ``load_demo``
turns into ``BodyPart`` rows. Text is plain unless it starts with ``<p>``, in which
case it is HTML and is cleaned like anything an editor writes.
"""


def p(text):
    return {"kind": "paragraph", "text": text}


def subhead(words):
    return {"kind": "subhead", "title": words}


def callout(kind, text, title=""):
    """A callout of the kind with slug ``kind`` (did-you-know, pro-tip, ...)."""
    return {"kind": "callout", "callout_kind": kind, "title": title, "text": text}


def quote(text, speaker, speaker_title="", *, source=None):
    """Words quoted in the text; ``source`` is the key of a demo source they come from."""
    return {
        "kind": "quote",
        "text": text,
        "speaker": speaker,
        "speaker_title": speaker_title,
        "display": "inline",
        "source": source,
    }


def pull_quote(text, speaker, speaker_title="", *, source=None):
    """Words pulled out of the story and set large."""
    return {**quote(text, speaker, speaker_title, source=source), "display": "pull"}


def bullets(*items):
    return [{"kind": "bulleted", "text": item} for item in items]


def numbered(*items):
    return [{"kind": "numbered", "text": item} for item in items]


def image(picture, caption, alt_text, credit="Tomás Ferreira / The Newsroom"):
    """An image drawn by ``pictures.draw(picture)``, with its caption and alt text."""
    return {
        "kind": "image",
        "picture": picture,
        "caption": caption,
        "alt_text": alt_text,
        "credit": credit,
    }
