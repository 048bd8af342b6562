"""The messages' storage (newsroom/messages.py): Django's, made only when used."""

from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse

from newsroom import messages as storage


def _answer(request, view):
    return SessionMiddleware(MessageMiddleware(view))(request)


def test_a_request_that_uses_no_message_makes_no_storage_for_them(rf, monkeypatch):
    made, storages = [], []
    real = storage.FallbackStorage
    monkeypatch.setattr(
        storage,
        "FallbackStorage",
        lambda request: made.append(request) or real(request),
    )

    def page(request):
        storages.append(messages.get_messages(request))
        return HttpResponse("page")

    response = _answer(rf.get("/"), page)

    assert isinstance(storages[0], storage.MessageStorage)
    assert made == []
    assert not response.cookies


def test_a_message_is_kept_in_its_cookie_and_shown_once_on_the_next_request(rf):
    def adds(request):
        messages.success(request, "The story was saved.")
        return HttpResponse()

    first = _answer(rf.get("/"), adds)
    cookie = first.cookies["messages"]
    assert cookie.value

    shown = []

    def shows(request):
        shown.extend(str(message) for message in messages.get_messages(request))
        return HttpResponse()

    request = rf.get("/")
    request.COOKIES["messages"] = cookie.value
    second = _answer(request, shows)

    assert shown == ["The story was saved."]
    # Shown, so gone: the cookie is deleted.
    assert second.cookies["messages"]["max-age"] == 0
