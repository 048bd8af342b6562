"""export_newsroom: what it writes, what it leaves out, and the page that documents it."""

import io
import json
import re

import pytest

from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from articles import revisions
from articles.interchange.kinds import KINDS
from articles.models import Author

from .conftest import PROJECT_DIR
from .factories import (
    AuthorFactory,
    CorrectionFactory,
    PublishedArticleFactory,
    UserFactory,
)
from .interchange import export, png_upload, read_lines

pytestmark = pytest.mark.django_db
FORMAT_PAGE = PROJECT_DIR / "docs" / "export-format.md"


def test_the_format_page_documents_every_kind_and_column():
    page = FORMAT_PAGE.read_text()
    headings = re.findall(r"^### `(\w+)\.jsonl`$", page, re.M)
    assert headings[-len(KINDS) :] == [kind.name for kind in KINDS]
    for kind in KINDS:
        section = page.split(f"### `{kind.name}.jsonl`", 1)[1].split("\n### ", 1)[0]
        documented = set(re.findall(r"`(\w+)`", section))
        columns = {column.name for column in kind.columns()}
        assert columns <= documented, f"{kind.name}: {columns - documented}"
        assert set(kind.key) <= documented


def test_revisions_are_exported_only_when_asked_for(tmp_path):
    story = PublishedArticleFactory()
    revisions.save_revision(story, by=None, comment="First draft.")
    CorrectionFactory(article=story, revision=revisions.revisions_of(story)[0].revision)

    plain = export(tmp_path / "plain")
    full = export(tmp_path / "full", "--with-revisions")

    assert "versions.jsonl" not in plain and "revisions.jsonl" not in plain
    assert read_lines(tmp_path / "plain" / "corrections.jsonl")[0]["revision"] is None
    manifest = json.loads(full["manifest.json"])
    assert manifest["options"] == {"with_credentials": False, "with_revisions": True}
    assert read_lines(tmp_path / "full" / "revisions.jsonl")[0]["comment"] == (
        "First draft."
    )
    [revision] = read_lines(tmp_path / "full" / "revisions.jsonl")
    assert (
        read_lines(tmp_path / "full" / "corrections.jsonl")[0]["revision"]
        == (revision["id"])
    )


def test_password_hashes_only_with_credentials(tmp_path):
    user = UserFactory(username="helen")
    user.set_password("a long night shift")
    user.save()

    export(tmp_path / "with", "--with-credentials")

    [record] = read_lines(tmp_path / "with" / "users.jsonl")
    assert record["password"] == user.password
    assert record["username"] == "helen"


def test_images_are_copied_with_their_checksums(tmp_path):
    author = AuthorFactory(photo=png_upload("helen.png"))

    files = export(tmp_path / "out")

    [listed] = read_lines(tmp_path / "out" / "media.jsonl")
    assert listed["path"] == author.photo.name
    assert files[f"media/{author.photo.name}"] == author.photo.read()
    assert listed["bytes"] == author.photo.size


def test_a_missing_image_is_named_and_nothing_is_left(tmp_path):
    author = AuthorFactory(photo=png_upload("helen.png"))
    default_storage.delete(author.photo.name)
    exports = tmp_path / "exports"

    with pytest.raises(
        CommandError, match=rf"missing from the media storage: {author.photo.name}"
    ):
        call_command("export_newsroom", exports / "out.tar.gz", stdout=io.StringIO())
    with pytest.raises(CommandError, match="missing from the media storage"):
        call_command("export_newsroom", exports / "out", stdout=io.StringIO())

    assert list(exports.iterdir()) == []
    assert Author.objects.count() == 1


def test_an_export_never_writes_over_files(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("keep me")

    with pytest.raises(CommandError, match="exists and is not an empty folder"):
        call_command("export_newsroom", tmp_path / "taken", stdout=io.StringIO())

    assert (tmp_path / "taken" / "notes.txt").read_text() == "keep me"


def test_the_command_says_what_it_wrote(tmp_path):
    PublishedArticleFactory()
    out = io.StringIO()

    call_command("export_newsroom", tmp_path / "out", stdout=out)

    assert re.search(
        r"Exported 1 stories to .* stories/s\): .*1 stories", out.getvalue()
    )
    assert "Password hashes were left out" in out.getvalue()


def test_each_record_is_one_line_for_any_reader_whatever_its_text(tmp_path):
    dek = "Before\u2028after\u2029and\x85then é 東京"
    PublishedArticleFactory(dek=dek)

    files = export(tmp_path / "out")

    text = files["stories.jsonl"].decode()
    assert len(text.splitlines()) == 1
    assert json.loads(text)["dek"] == dek
    assert "é 東京" in text  # UTF-8 as it is, not escaped
