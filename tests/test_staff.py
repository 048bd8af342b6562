"""Newsroom staff: a person added with a role logs in, is invited by email to choose
a password, writes under her own byline; roles give and take staff status."""

import re

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from articles import staff
from articles.models import Article, Author
from articles.roles import EDITOR, REPORTER, SITE_ADMINISTRATOR, set_role, setup_roles

from .factories import AuthorFactory, SectionFactory, UserFactory
from .helpers import logged_in_client
from .test_admin import ADD_URL, form_data

pytestmark = pytest.mark.django_db
User = get_user_model()
STAFF_ADD = reverse("admin:articles_staffmember_add")
PASSWORD = "tide-tables-at-noon-42"


def _add(client, **fields):
    data = {
        "username": "rita",
        "first_name": "Rita",
        "last_name": "Reyes",
        "email": "rita@example.org",
        "role": REPORTER,
        "writes": "on",
        "invite": "on",
        **fields,
    }
    return client.post(STAFF_ADD, {k: v for k, v in data.items() if v is not None})


def _link(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_a_site_administrator_adds_a_reporter_who_is_staff_with_a_byline(
    site_administrator, django_capture_on_commit_callbacks
):
    client = logged_in_client(site_administrator)
    assert client.get(STAFF_ADD).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = _add(client)

    assert response.status_code == 302, response.context["adminform"].form.errors
    rita = User.objects.get(username="rita")
    assert rita.is_staff and not rita.is_superuser
    assert not rita.has_usable_password()
    assert list(rita.groups.values_list("name", flat=True)) == [REPORTER]
    assert Author.objects.get(user=rita).name == "Rita Reyes"
    [invitation] = mail.outbox
    assert invitation.to == ["rita@example.org"]
    assert "You are invited to" in invitation.subject
    assert "Your username is rita." in invitation.body


def test_the_invitation_link_sets_a_password_and_signs_in_once(
    site_administrator, client, django_capture_on_commit_callbacks
):
    admin_client = logged_in_client(site_administrator)
    with django_capture_on_commit_callbacks(execute=True):
        _add(admin_client)
    link = _link(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    home = client.get(response.url)
    assert home.status_code == 200
    assert home.context["user"].username == "rita"
    assert "Your password is set" in home.content.decode()
    assert User.objects.get(username="rita").check_password(PASSWORD)
    # A link works once.
    client.logout()
    again = client.get(link, follow=True)
    assert not again.context["validlink"]


def test_the_reporter_logs_in_with_the_password_she_chose(
    site_administrator, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _add(logged_in_client(site_administrator))
    page = client.get(_link(mail.outbox[0]), follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    client.logout()

    response = client.post(
        reverse("admin:login"),
        {"username": "rita", "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_invitation_needs_an_address_and_a_username_is_taken_in_any_case(
    site_administrator,
):
    UserFactory(username="Rita")
    client = logged_in_client(site_administrator)

    response = _add(client, email="")

    errors = response.context["adminform"].form.errors
    assert errors["email"] == ["An invitation needs an email address."]
    assert "already has that username" in errors["username"][0]
    assert not User.objects.filter(username="rita").exists()


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_refuses_keeps_the_account_and_says_so(
    site_administrator, settings
):
    # Nothing listens on port 9 of this machine: the connection is refused.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        9,
        2,
    )
    client = logged_in_client(site_administrator)

    # Sent once the account is committed, within the same request.
    response = _add(client)
    page = client.get(response.url)

    assert User.objects.filter(username="rita", is_staff=True).exists()
    said = [str(m) for m in page.context["messages"]]
    assert "was added successfully" in said[0]
    assert "could not be sent" in said[1] and "send it again" in said[1]


def test_only_site_administrators_reach_the_staff_page(editor, reporter):
    assert logged_in_client(editor).get(STAFF_ADD).status_code == 403
    assert logged_in_client(reporter).get(STAFF_ADD).status_code == 403
    listing = reverse("admin:articles_staffmember_changelist")
    assert logged_in_client(editor).get(listing).status_code == 403


def test_the_staff_list_shows_roles_and_profiles_in_flat_queries(
    site_administrator, django_assert_max_num_queries
):
    listing = reverse("admin:articles_staffmember_changelist")
    client = logged_in_client(site_administrator)
    counts = []
    for number in (1, 12):
        for n in range(number):
            staff.add_person(username=f"p{number}-{n}", role=EDITOR, first_name="P")
        with django_assert_max_num_queries(12) as captured:
            response = client.get(listing)
        counts.append(len(captured))
        assert response.status_code == 200
    assert counts[0] == counts[1]
    page = response.content.decode()
    assert page.count(">Editor<") >= 12
    profiles = [
        reverse("admin:articles_author_change", args=[pk])
        for pk in Author.objects.values_list("pk", flat=True)
    ]
    assert len(profiles) == 13
    for profile in profiles:
        assert f'href="{profile}"' in page


def test_changing_the_role_on_the_staff_page_and_taking_it_away(site_administrator):
    person = staff.add_person(username="sam", role=REPORTER, email="sam@example.org")
    client = logged_in_client(site_administrator)
    url = reverse("admin:articles_staffmember_change", args=[person.pk])
    data = form_data(client.get(url), form_id="staffmember_form")

    client.post(url, {**data, "role": EDITOR})
    person.refresh_from_db()
    assert (person.is_staff, [g.name for g in person.groups.all()]) == (True, [EDITOR])

    client.post(url, {**data, "role": ""})
    person.refresh_from_db()
    assert (person.is_staff, list(person.groups.all())) == (False, [])


def test_staff_status_follows_roles_from_either_side():
    setup_roles()
    reporters = Group.objects.get(name=REPORTER)
    other = Group.objects.create(name="Night desk")
    person = UserFactory(username="kai")
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)

    person.groups.add(other)
    assert not User.objects.get(pk=person.pk).is_staff
    reporters.user_set.add(person, boss)
    assert User.objects.get(pk=person.pk).is_staff
    set_role(person, SITE_ADMINISTRATOR)
    assert person.is_staff and User.objects.get(pk=person.pk).is_staff
    person.groups.remove(Group.objects.get(name=SITE_ADMINISTRATOR))
    assert not User.objects.get(pk=person.pk).is_staff
    reporters.user_set.add(person)
    reporters.user_set.clear()
    assert not User.objects.get(pk=person.pk).is_staff
    # A superuser stays staff whatever the groups say.
    assert User.objects.get(pk=boss.pk).is_staff


def test_a_person_who_loses_her_role_cannot_log_in_to_the_admin(client):
    person = staff.add_person(username="lee", role=REPORTER)
    person.set_password(PASSWORD)
    person.save()
    set_role(person, "")

    response = client.post(
        reverse("admin:login"),
        {"username": "lee", "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 200
    assert "correct username and password for a staff account" in (
        response.content.decode()
    )


def test_joining_links_the_unlinked_profile_of_the_same_name():
    contributor = AuthorFactory(name="Ana Ortiz", user=None)

    person = staff.add_person(
        username="ana", role=REPORTER, first_name="Ana", last_name="Ortiz"
    )

    contributor.refresh_from_db()
    assert contributor.user == person
    assert Author.objects.count() == 1


AUTOCOMPLETE = reverse("admin:autocomplete")
AUTHOR_ACCOUNT = {"app_label": "articles", "model_name": "author", "field_name": "user"}


def test_an_editor_finds_an_account_to_link_to_an_author(editor):
    UserFactory(username="rita-reyes")
    UserFactory(username="rita-gone", is_active=False)
    client = logged_in_client(editor)

    response = client.get(AUTOCOMPLETE, {**AUTHOR_ACCOUNT, "term": "rita"})

    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["rita-reyes"]
    # Browsing the accounts stays the Site administrator's.
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    other_field = {
        **AUTHOR_ACCOUNT,
        "model_name": "article",
        "field_name": "created_by",
    }
    assert client.get(AUTOCOMPLETE, other_field).status_code == 403


def test_an_editor_links_an_author_to_an_account_on_its_page(editor):
    author = AuthorFactory(name="Rita Reyes", user=None)
    rita = UserFactory(username="rita")
    client = logged_in_client(editor)
    url = reverse("admin:articles_author_change", args=[author.pk])
    data = form_data(client.get(url), form_id="author_form")

    response = client.post(url, {**data, "user": str(rita.pk)})

    assert response.status_code == 302
    author.refresh_from_db()
    assert author.user == rita


def test_a_reporter_cannot_look_up_accounts(reporter):
    client = logged_in_client(reporter)
    response = client.get(AUTOCOMPLETE, {**AUTHOR_ACCOUNT, "term": "e"})
    assert response.status_code == 403


def test_a_reporter_makes_her_own_author_profile_once(reporter):
    client = logged_in_client(reporter)
    add = reverse("admin:articles_author_add")
    page = client.get(add)
    assert page.status_code == 200
    assert 'name="user"' not in page.content.decode()

    response = client.post(
        add, {"name": "Rita Reyes", "slug": "rita-reyes", "user": "", "bio": ""}
    )

    assert response.status_code == 302
    assert Author.objects.get().user == reporter
    assert client.get(add).status_code == 403


def test_a_reporter_edits_her_own_profile_and_only_reads_the_others(
    reporter, other_reporter
):
    own = AuthorFactory(name="Rita Reyes", user=reporter)
    theirs = AuthorFactory(name="Omar Obi", user=other_reporter, title="")
    client = logged_in_client(reporter)
    own_url = reverse("admin:articles_author_change", args=[own.pk])
    their_url = reverse("admin:articles_author_change", args=[theirs.pk])

    data = form_data(client.get(own_url), form_id="author_form")
    response = client.post(own_url, {**data, "title": "Harbour reporter"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.title, own.user) == ("Harbour reporter", reporter)

    their_page = client.get(their_url)
    assert their_page.status_code == 200
    assert 'name="title"' not in their_page.content.decode()
    response = client.post(
        their_url, {"name": "Omar Obi", "slug": theirs.slug, "title": "Hacked"}
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == ""


def test_a_reporter_added_on_the_staff_page_writes_under_her_byline(
    site_administrator,
):
    _add(logged_in_client(site_administrator), invite=None)
    rita = User.objects.get(username="rita")
    section = SectionFactory()
    client = logged_in_client(rita)
    data = form_data(client.get(ADD_URL))
    data.update(headline="Ferry fares fall", slug="", section=str(section.pk))

    response = client.post(ADD_URL, data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert [b.author.user for b in article.bylines.all()] == [rita]
