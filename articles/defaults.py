"""The rows a new newsroom starts with, made again whenever the database is set up.

Migration 0002 seeded the callout kinds once; a test run's flush between
transactional tests empties the table again. Django remakes content types and
permissions after a flush through ``post_migrate``; the callout kinds follow the
same path, so they are always there, and a kind an editor renamed is left alone.
"""

from .models import CalloutKind

DEFAULT_CALLOUT_KINDS = [
    # name, slug, label, other lead-ins
    ("Did You Know?", "did-you-know", "Did You Know?", "Did you know:"),
    ("Pro Tip", "pro-tip", "Pro Tip", "Pro tip:|Tip:"),
    ("Editor's Note", "editors-note", "Editor's Note", "Editor’s note|Editors' note"),
    ("Key Takeaway", "key-takeaway", "Key Takeaway", "Key takeaways|Takeaway"),
    ("Fact Check", "fact-check", "Fact Check", "Fact-check"),
    ("Background", "background", "Background", "Context"),
    ("What's Next", "whats-next", "What's Next", "What’s next|What comes next"),
]


def shipped_callout_kinds():
    """The shipped kinds, unsaved and in their order, made without a database: what
    the importer recognises before ``migrate`` has made the table."""
    return [
        CalloutKind(name=name, slug=slug, label=label, lead_ins=other)
        for name, slug, label, other in DEFAULT_CALLOUT_KINDS
    ]


def create_default_callout_kinds(using="default", **kwargs):
    """Create each default callout kind that is missing (a ``post_migrate`` receiver)."""
    for position, (name, slug, label, lead_ins) in enumerate(DEFAULT_CALLOUT_KINDS):
        CalloutKind.objects.using(using).get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "label": label,
                "lead_ins": lead_ins,
                "position": position,
            },
        )
