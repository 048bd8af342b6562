"""The copy desk's shipped style guide (articles/copydesk/defaults.yaml), stored
so that a Site administrator can edit it in the admin."""

from django.db import migrations

from articles.copydesk import DEFAULTS, load_rules_yaml
from articles.models.copydesk import rule_fields, term_fields


def load_defaults(apps, schema_editor):
    CopyRule = apps.get_model("articles", "CopyRule")
    HouseTerm = apps.get_model("articles", "HouseTerm")
    CopyDeskSettings = apps.get_model("articles", "CopyDeskSettings")
    rules, terms, settings = load_rules_yaml(DEFAULTS.read_text(encoding="utf-8"))
    for position, rule in enumerate(rules):
        CopyRule.objects.get_or_create(
            rule_id=rule.id, defaults=rule_fields(rule, position)
        )
    for term in terms:
        HouseTerm.objects.get_or_create(
            canonical=term.canonical, defaults=term_fields(term)
        )
    if not CopyDeskSettings.objects.exists():
        CopyDeskSettings.objects.create(
            pk=1,
            spelling=settings.spelling,
            headline_style=settings.headline_style,
            headline_max_length=settings.headline_max_length,
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_copy_desk")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
