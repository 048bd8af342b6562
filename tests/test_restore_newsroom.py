"""restore_newsroom: an export comes back exactly, or not at all, with a clear reason."""

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from reversion.models import Revision, Version

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from articles.models import (
    Article,
    Author,
    BodyPart,
    CalloutKind,
    EditorialComment,
    Section,
)

from .browser import require
from .conftest import PROJECT_DIR
from .factories import (
    AuthorFactory,
    BodyPartFactory,
    BylineFactory,
    CitationFactory,
    PublishedArticleFactory,
    SectionFactory,
    UserFactory,
)
from .interchange import (
    content_types_forgotten,  # noqa: F401  (a fixture)
    empty_the_database,
    export,
    png_upload,
    read_lines,
    rewrite_lines,
    tree,
)

# Every test here may empty the database, which renumbers the content types.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("content_types_forgotten"),
]


@pytest.fixture
def demo_newsroom(db):
    call_command("setup_roles", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    editor = UserFactory(username="night-editor", is_staff=True)
    editor.set_password("a long night shift")
    editor.save()
    story = Article.objects.published().order_by("pk").first()
    EditorialComment.objects.create(article=story, author=editor, text="Check the map.")
    return story


def test_the_demo_newsroom_comes_back_byte_for_byte(demo_newsroom, tmp_path, client):
    first = export(tmp_path / "first", "--with-revisions", "--with-credentials")
    assert first["stories.jsonl"].count(b"\n") == Article.objects.count() > 30
    assert Version.objects.exists()
    before = rows_of(Article, BodyPart, Author, EditorialComment, get_user_model())

    empty_the_database()
    call_command("restore_newsroom", tmp_path / "first", stdout=io.StringIO())
    second = export(tmp_path / "second", "--with-revisions", "--with-credentials")

    assert second == first
    # Nothing lost on the way that both exports would lose alike.
    assert rows_of(Article, BodyPart, Author, EditorialComment, get_user_model()) == (
        before
    )
    # The restored newsroom works: its pages, its search, its logins, its images.
    story = Article.objects.get(pk=demo_newsroom.pk)
    assert client.get(story.get_absolute_url()).status_code == 200
    found = client.get("/search/", {"q": story.headline.split()[-1]})
    assert story.headline.encode() in found.content
    # Logins pass through django-axes, which needs the request they come with.
    assert client.login(
        request=HttpRequest(), username="night-editor", password="a long night shift"
    )
    assert story.comments.get().text == "Check the map."
    photo = Author.objects.exclude(photo="").first().photo
    assert default_storage.exists(photo.name)
    # New rows get new ids: PostgreSQL's sequences were moved past the restored.
    PublishedArticleFactory(section=SectionFactory(slug="new-desk"))


def rows_of(*models):
    return [list(model.objects.order_by("pk").values()) for model in models]


def test_a_tarball_export_is_the_same_bytes_each_time_and_restores(
    demo_newsroom, tmp_path
):
    call_command("export_newsroom", tmp_path / "a.tar.gz", stdout=io.StringIO())
    call_command("export_newsroom", tmp_path / "b.tar.gz", stdout=io.StringIO())
    assert (tmp_path / "a.tar.gz").read_bytes() == (tmp_path / "b.tar.gz").read_bytes()
    counts = {Article: Article.objects.count(), BodyPart: BodyPart.objects.count()}

    empty_the_database()
    call_command("restore_newsroom", tmp_path / "a.tar.gz", stdout=io.StringIO())

    assert {model: model.objects.count() for model in counts} == counts


def test_without_credentials_no_hash_leaves_and_users_cannot_log_in(tmp_path, client):
    user = UserFactory(username="amara")
    user.set_password("correct horse battery")
    user.save()
    files = export(tmp_path / "out")
    assert b"pbkdf2" not in files["users.jsonl"]
    assert "password" not in read_lines(tmp_path / "out" / "users.jsonl")[0]

    empty_the_database()
    out = io.StringIO()
    call_command("restore_newsroom", tmp_path / "out", stdout=out)

    restored = get_user_model().objects.get(username="amara")
    assert not restored.has_usable_password()
    assert not client.login(
        request=HttpRequest(), username="amara", password="correct horse battery"
    )
    assert "changepassword" in out.getvalue()


def test_a_database_with_a_newsroom_is_refused_without_merge(tmp_path):
    PublishedArticleFactory()
    export(tmp_path / "out")

    with pytest.raises(
        CommandError, match=r"not empty \(it holds .*1 stories.*--merge"
    ):
        call_command("restore_newsroom", tmp_path / "out", stdout=io.StringIO())
    assert Article.objects.count() == 1


def small_newsroom():
    """A story with a body, a byline, a citation and an author's photo."""
    story = PublishedArticleFactory(section=SectionFactory(slug="world"))
    BodyPartFactory(article=story, position=0, text="<p>First.</p>")
    BodyPartFactory(article=story, position=1, text="<p>Second.</p>")
    author = AuthorFactory(slug="kenji", photo=png_upload("kenji.png"))
    BylineFactory(article=story, author=author)
    CitationFactory(article=story)
    story.tags.add("ports")
    return story


def test_merge_adds_what_is_missing_and_skips_what_is_there(tmp_path):
    kept = small_newsroom()
    gone = PublishedArticleFactory(section=kept.section, headline="A second story")
    BodyPartFactory(article=gone, position=0, text="<p>Only here.</p>")
    export(tmp_path / "out")
    gone.delete()
    BodyPart.objects.filter(article=kept).first().delete()  # kept as it is now
    local = PublishedArticleFactory(section=kept.section, headline="Written here")

    out = io.StringIO()
    call_command("restore_newsroom", tmp_path / "out", "--merge", stdout=out)

    back = Article.objects.get(headline="A second story")
    assert [part.text for part in back.parts.all()] == ["<p>Only here.</p>"]
    assert back.pk not in (kept.pk, local.pk)
    assert kept.parts.count() == 1  # a story already here is left as it is
    assert Article.objects.count() == 3
    report = out.getvalue()
    assert "Restored 1 stories" in report
    assert "Skipped 1 stories: already here (same section, slug)." in report
    assert "Skipped 2 body_parts: their story is already here." in report
    assert "Skipped 1 authors: already here (same slug)." in report


def test_a_wrong_schema_version_is_refused(tmp_path):
    small_newsroom()
    export(tmp_path / "out")
    manifest = tmp_path / "out" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["schema_version"] = 99
    manifest.write_text(json.dumps(data))
    empty_the_database()

    with pytest.raises(CommandError, match="schema version 99; this newsroom reads"):
        call_command("restore_newsroom", tmp_path / "out", stdout=io.StringIO())
    assert not Section.objects.exists()


def test_a_missing_or_changed_media_file_is_named(tmp_path):
    small_newsroom()
    export(tmp_path / "out")
    photo = next((tmp_path / "out" / "media" / "authors").iterdir())
    empty_the_database()

    photo.write_bytes(photo.read_bytes()[:-1] + b"!")
    with pytest.raises(CommandError, match=rf"authors/{photo.name} does not match"):
        call_command("restore_newsroom", tmp_path / "out", stdout=io.StringIO())

    photo.unlink()
    with pytest.raises(CommandError, match=rf"authors/{photo.name} is missing"):
        call_command("restore_newsroom", tmp_path / "out", stdout=io.StringIO())
    assert not Author.objects.exists()
    assert not Section.objects.exists()


def test_an_edited_file_that_no_longer_matches_its_checksum_is_refused(tmp_path):
    small_newsroom()
    export(tmp_path / "out")
    path = tmp_path / "out" / "sections.jsonl"
    path.write_text(path.read_text().replace('"world"', '"europe"'))
    empty_the_database()

    with pytest.raises(CommandError, match="sections.jsonl does not match the count"):
        call_command("restore_newsroom", tmp_path / "out", stdout=io.StringIO())
    assert not Section.objects.exists()


def test_a_broken_reference_or_bad_value_names_the_record(tmp_path):
    small_newsroom()
    export(tmp_path / "out")
    empty_the_database()

    def break_records(records):
        records[1]["story"] = 999_999
        records[0]["kind"] = "poem"
        return records

    rewrite_lines(tmp_path / "out", "body_parts", break_records)
    with pytest.raises(CommandError) as raised:
        call_command("restore_newsroom", tmp_path / "out", stdout=io.StringIO())

    message = str(raised.value)
    assert "2 problem(s)" in message and "nothing was written" in message
    assert "body_parts.jsonl line 2 (body_parts id" in message
    assert "story refers to stories 999999, which is not in the export" in message
    assert (
        "body_parts.jsonl line 1" in message and "kind 'poem' is not one of" in message
    )
    assert not Article.objects.exists()
    assert not Section.objects.exists()


def test_a_restore_that_fails_while_writing_leaves_nothing_behind(tmp_path, settings):
    small_newsroom()
    export(tmp_path / "out")
    empty_the_database()
    seeded = sorted(CalloutKind.objects.values_list("slug", flat=True))
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    # Passes every check of the format, but not the database's own: a subhead
    # must have words.
    def wordless_subhead(records):
        records[-1].update(kind="subhead", title="")
        return records

    rewrite_lines(tmp_path / "out", "body_parts", wordless_subhead)
    with pytest.raises(CommandError, match="(?s)Restoring stopped .*taken out again"):
        call_command("restore_newsroom", tmp_path / "out", stdout=io.StringIO())

    assert not Article.objects.exists()
    assert not Section.objects.exists()
    assert not get_user_model().objects.exists()
    assert sorted(CalloutKind.objects.values_list("slug", flat=True)) == seeded
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.png"))


def test_revisions_come_back_with_the_stories_they_belong_to(demo_newsroom, tmp_path):
    revisions = Revision.objects.count()
    export(tmp_path / "out", "--with-revisions")
    empty_the_database()

    call_command("restore_newsroom", tmp_path / "out", stdout=io.StringIO())

    assert Revision.objects.count() == revisions
    version = Version.objects.get_for_object(demo_newsroom).first()
    assert version.field_dict["headline"] == demo_newsroom.headline


def test_the_export_folder_and_its_listing_agree(tmp_path):
    small_newsroom()
    files = export(tmp_path / "out")
    manifest = json.loads(files["manifest.json"])
    listed = {entry["file"] for entry in manifest["kinds"]} | {"manifest.json"}
    assert {name for name in files if "/" not in name} == listed | {"media.jsonl"}
    assert tree(tmp_path / "out") == files


POSTGRES_SERVER = os.environ.get(
    "NEWSROOM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def new_postgresql_database():
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    import psycopg

    try:
        server = psycopg.connect(POSTGRES_SERVER, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        require(False, f"A PostgreSQL server at {POSTGRES_SERVER} ({error})")
    name = f"newsroom_restore_{uuid.uuid4().hex[:12]}"
    with server:
        server.execute(f"CREATE DATABASE {name}")
        try:
            yield urlunsplit(urlsplit(POSTGRES_SERVER)._replace(path=f"/{name}"))
        finally:
            server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def manage(database_url, tmp_path, *arguments):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "NEWSROOM_VAR_DIR": str(tmp_path / "var"),
        "NEWSROOM_MEDIA_ROOT": str(tmp_path / "other-media"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", *map(str, arguments)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_an_export_moves_to_a_new_postgresql_database_byte_for_byte(
    demo_newsroom, tmp_path, new_postgresql_database
):
    """From the suite's database (SQLite unless DATABASE_URL says otherwise) to a
    PostgreSQL database of its own, migrated and restored by the commands."""
    first = export(tmp_path / "first", "--with-revisions", "--with-credentials")

    manage(new_postgresql_database, tmp_path, "migrate", "--no-input")
    restored = manage(
        new_postgresql_database, tmp_path, "restore_newsroom", tmp_path / "first"
    )
    manage(
        new_postgresql_database,
        tmp_path,
        "export_newsroom",
        tmp_path / "second",
        "--with-revisions",
        "--with-credentials",
    )

    assert f"Restored {Article.objects.count()} stories" in restored
    assert tree(tmp_path / "second") == first


def test_email_preferences_come_back_and_notifications_stay_behind(tmp_path):
    from articles import notifications
    from articles.models import Notification, StaffPreferences

    quiet = UserFactory(username="quiet")
    StaffPreferences.objects.create(user=quiet, email_notifications=False)
    notifications._write(
        PublishedArticleFactory(),
        Notification.Kind.COMMENT,
        {quiet.pk},
        actor=None,
        text="",
    )
    files = export(tmp_path / "out")
    assert b'"email_notifications":false' in files["staff_preferences.jsonl"]
    assert not any("notification" in name for name in files)

    empty_the_database()
    call_command("restore_newsroom", tmp_path / "out", stdout=io.StringIO())

    restored = StaffPreferences.objects.get(user__username="quiet")
    assert restored.email_notifications is False
    assert not Notification.objects.exists()
