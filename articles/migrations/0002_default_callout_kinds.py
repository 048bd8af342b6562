"""The callout kinds a newsroom starts with; editors may rename, add or reorder them."""

from django.db import migrations

KINDS = [
    ("Did You Know?", "did-you-know", "Did You Know?", "Did you know:"),
    ("Pro Tip", "pro-tip", "Pro Tip", "Pro tip:|Tip:"),
    ("Editor's Note", "editors-note", "Editor's Note", "Editor’s note|Editors' note"),
    ("Key Takeaway", "key-takeaway", "Key Takeaway", "Key takeaways|Takeaway"),
    ("Fact Check", "fact-check", "Fact Check", "Fact-check"),
    ("Background", "background", "Background", "Context"),
    ("What's Next", "whats-next", "What's Next", "What’s next|What comes next"),
]


def create_kinds(apps, schema_editor):
    CalloutKind = apps.get_model("articles", "CalloutKind")
    for position, (name, slug, label, lead_ins) in enumerate(KINDS):
        CalloutKind.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "label": label,
                "lead_ins": lead_ins,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_kinds, migrations.RunPython.noop)]
