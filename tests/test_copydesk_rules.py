"""``copydesk_rules``: the style guide in a YAML file, exported and imported."""

import io

import pytest

from django.core.management import CommandError, call_command

from articles.models import CopyDeskSettings, CopyRule, HouseTerm

pytestmark = pytest.mark.django_db


def test_the_style_guide_exports_and_imports_back_unchanged(tmp_path):
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    call_command("copydesk_rules", export=str(first), stdout=io.StringIO())
    CopyRule.objects.all().delete()
    HouseTerm.objects.all().delete()

    call_command("copydesk_rules", source=str(first), stdout=io.StringIO())
    call_command("copydesk_rules", export=str(second), stdout=io.StringIO())

    assert first.read_text() == second.read_text()
    assert CopyRule.objects.count() == 25


def test_importing_adds_a_house_rule_and_switches_off_one_whose_examples_fail(tmp_path):
    guide = tmp_path / "house.yaml"
    guide.write_text(
        """
settings: {spelling: UK, headline_style: sentence, headline_max_length: 80}
house_list:
  - {canonical: Westerzand Harbour Board, variants: [Westerzand Harbor Board]}
rules:
  - id: style.whilst
    kind: pattern
    pattern: '\\bwhilst\\b'
    replacement: while
    message: Write while.
    examples_match: [Whilst we wait.]
  - id: style.broken
    kind: pattern
    pattern: '\\bupon\\b'
    message: Write on.
    examples_match: [It rests on the shelf.]
""",
        encoding="utf-8",
    )
    err = io.StringIO()

    call_command("copydesk_rules", source=str(guide), stdout=io.StringIO(), stderr=err)

    assert CopyRule.objects.get(rule_id="style.whilst").is_enabled
    assert not CopyRule.objects.get(rule_id="style.broken").is_enabled
    assert "Switched off, its examples fail: style.broken" in err.getvalue()
    assert HouseTerm.objects.filter(canonical="Westerzand Harbour Board").exists()
    settings = CopyDeskSettings.current()
    assert (
        settings.spelling,
        settings.headline_style,
        settings.headline_max_length,
    ) == (
        "UK",
        "sentence",
        80,
    )
    assert CopyRule.objects.filter(rule_id="capitals.title").exists()


def test_replace_removes_what_the_file_leaves_out(tmp_path):
    guide = tmp_path / "only.yaml"
    guide.write_text(
        "rules:\n  - {id: style.whilst, kind: pattern, pattern: whilst, message: m}\n",
        encoding="utf-8",
    )

    call_command(
        "copydesk_rules", source=str(guide), replace=True, stdout=io.StringIO()
    )

    assert list(CopyRule.objects.values_list("rule_id", flat=True)) == ["style.whilst"]
    assert not HouseTerm.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("rules: [{id: Bad, kind: pattern, message: m}]", "lower-case words"),
        ("rules: [", "Not a YAML file"),
    ],
)
def test_a_bad_file_changes_nothing_and_says_why(tmp_path, content, message):
    guide = tmp_path / "guide.yaml"
    if content is not None:
        guide.write_text(content, encoding="utf-8")
    before = CopyRule.objects.count()

    with pytest.raises(CommandError, match=message):
        call_command("copydesk_rules", source=str(guide), stdout=io.StringIO())

    assert CopyRule.objects.count() == before


def test_check_runs_every_rules_examples():
    out = io.StringIO()
    call_command("copydesk_rules", check=True, stdout=out)
    assert "All 25 rules pass their examples." in out.getvalue()

    CopyRule.objects.filter(rule_id="capitals.title").update(
        examples_clean="The talks with prime Minister Takeda ran late."
    )
    with pytest.raises(CommandError, match="1 switched-on rules fail"):
        call_command("copydesk_rules", check=True, stdout=io.StringIO())
