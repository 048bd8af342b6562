"""``check_copy``: the copy desk from the command line, for stories and files."""

import io
import json

import pytest

from django.core.management import CommandError, call_command

from articles.models import Article

from .factories import ArticleFactory, BodyPartFactory

Status = Article.Status

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_copy", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error.returncode
    return out.getvalue(), err.getvalue(), 0


def test_a_file_is_checked_without_importing_it(seed_story_path):
    out, _err, code = run("--file", str(seed_story_path), "--json")

    [document] = json.loads(out)
    assert code == 1
    assert document["file"] == str(seed_story_path)
    assert ("capitals.weekday-month", "tuesday") in [
        (f["rule"], f["text"]) for f in document["findings"]
    ]
    assert document["blocking"] >= 10
    assert not Article.objects.exists()


def test_stories_by_id_and_by_status_print_a_table_and_clean_ones_exit_zero():
    clean = ArticleFactory(status=Status.SUBMITTED, ready_for_the_desk=True)
    ArticleFactory(status=Status.DRAFT, ready_for_the_desk=True)

    out, _err, code = run(str(clean.pk))
    assert code == 0
    assert f"#{clean.pk}" in out and "nothing found" in out

    out, _err, code = run("--status", "submitted")
    assert code == 0
    assert out.count("nothing found") == 1


def test_a_blocking_finding_exits_one_and_names_the_slip():
    article = ArticleFactory(status=Status.DRAFT, ready_for_the_desk=True)
    BodyPartFactory(article=article, position=1, text="<p>It opens on tuesday.</p>")

    out, _err, code = run("--all")

    assert code == 1
    assert "BLOCK" in out and "“tuesday” → “Tuesday”" in out


def test_bad_inputs_get_one_line_each_and_the_others_are_still_checked(tmp_path):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 opens\nIt opens today.\n".encode("latin-1"))
    good = tmp_path / "good.txt"
    good.write_text("Harbour reopens\nThe harbour reopened on Monday.\n", "utf-8")

    out, err, code = run(
        "99999", "abc", "--file", str(tmp_path / "missing.txt"), "--file", str(latin1),
        "--file", str(good), "--json",
    )  # fmt: skip

    lines = err.strip().splitlines()
    assert lines == [
        "99999: no story with this id.",
        "abc: not a story id (a number); use --file for a file.",
        f"{tmp_path / 'missing.txt'}: no such file",
        f"{latin1}: is not UTF-8 text (byte 0xe9 at offset 3); save it as UTF-8 and"
        " try again",
    ]
    [document] = json.loads(out)
    assert document["file"] == str(good)
    # The file has no byline: that blocks, and blocking outranks unreadable inputs.
    assert code == 1


def test_nothing_to_check_is_an_error():
    with pytest.raises(CommandError, match="Say which stories"):
        call_command("check_copy", stdout=io.StringIO())
