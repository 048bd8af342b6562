"""Nothing lost while typing: the story page keeps what is typed, every few seconds,
for whoever types it, and offers it back when they return.

``autosave.js`` posts the story form's fields as JSON whenever they changed since
the last time (``unsaved_changes.js`` says what counts as a change). The page then
offers "You have unsaved changes from 14:02: restore, or discard". Restoring shows
the story's page with the fields as they were typed, in the main form and in every
row of its inlines, without saving anything; saving the story, or discarding,
deletes what was kept. An autosave belongs to the user who typed it: nobody else's
page offers it. The add page keeps one for a story not yet saved, per user.
"""

import json

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse, QueryDict
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Autosave

# A long story is some hundred kilobytes of form; a megabyte leaves room, and no
# more than that is read from anyone.
MAX_BYTES = 1024 * 1024
MAX_FIELDS = 5000
MAX_NAME_LENGTH = 200
# Never kept: the token belongs to the session, and buttons are not input.
NOT_KEPT = {"csrfmiddlewaretoken", "_save", "_continue", "_addanother"}


class AutosaveRefused(Exception):
    """What was sent is not a form to keep; the message says why, for the editor."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def read_autosave(request):
    """The fields, chosen files and edit number posted as JSON, checked.

    ``{"fields": [[name, value], ...], "files": [[name, file name], ...],
    "lock_version": 12}``: every name and value a string.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BYTES:
        raise AutosaveRefused(
            _("The form is too large to keep (%(size)s bytes, at most %(max)s).")
            % {"size": length, "max": MAX_BYTES},
            status=413,
        )
    body = request.body
    if len(body) > MAX_BYTES:
        raise AutosaveRefused(
            _("The form is too large to keep (%(size)s bytes, at most %(max)s).")
            % {"size": len(body), "max": MAX_BYTES},
            status=413,
        )
    try:
        sent = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise AutosaveRefused(
            _("What was sent is not JSON: %(error)s.") % {"error": error}
        ) from error
    if not isinstance(sent, dict):
        raise AutosaveRefused(_("Send a JSON object with the form's “fields”."))
    fields = _pairs(sent.get("fields"), "fields")
    files = _pairs(sent.get("files", []), "files")
    if len(fields) + len(files) > MAX_FIELDS:
        raise AutosaveRefused(
            _("Too many fields to keep (%(count)s, at most %(max)s).")
            % {"count": len(fields) + len(files), "max": MAX_FIELDS},
            status=413,
        )
    lock_version = sent.get("lock_version")
    if lock_version is not None and (
        not isinstance(lock_version, int)
        or isinstance(lock_version, bool)
        or lock_version < 0
    ):
        raise AutosaveRefused(_("“lock_version” must be a whole number or null."))
    return (
        [pair for pair in fields if pair[0] not in NOT_KEPT],
        [pair for pair in files if pair[1]],
        lock_version,
    )


def _pairs(value, name):
    if not isinstance(value, list):
        raise AutosaveRefused(
            _("“%(name)s” must be a list of [name, value] pairs.") % {"name": name}
        )
    pairs = []
    for position, pair in enumerate(value):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(part, str) for part in pair)
        ):
            raise AutosaveRefused(
                _(
                    "Item %(position)s of “%(name)s” is not a [name, value] pair "
                    "of strings."
                )
                % {"position": position, "name": name}
            )
        if not pair[0] or len(pair[0]) > MAX_NAME_LENGTH:
            raise AutosaveRefused(
                _("Item %(position)s of “%(name)s” has no name, or one too long.")
                % {"position": position, "name": name}
            )
        pairs.append((pair[0], pair[1]))
    return pairs


def as_form_data(autosave, lock_version):
    """The kept fields as the form's data, with the page's edit number."""
    data = QueryDict(mutable=True)
    for name, value in autosave.fields:
        data.appendlist(name, value)
    if lock_version is not None:
        data["seen_lock_version"] = str(lock_version)
    return data


def _when(moment):
    """ "14:02" today, "2 Dec 14:02" on another day, in the newsroom's time."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return time_format(local, "H:i")
    return date_format(local, "j M Y H:i")


class AutosaveAdminMixin:
    """Keeps, offers, restores and discards the story form's unsaved input."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="{}_{}_autosave_new".format(*info),
            ),
            path(
                "autosave/discard/",
                self.admin_site.admin_view(self.autosave_discard_view),
                name="{}_{}_autosave_discard_new".format(*info),
            ),
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="{}_{}_autosave".format(*info),
            ),
            path(
                "<path:object_id>/autosave/discard/",
                self.admin_site.admin_view(self.autosave_discard_view),
                name="{}_{}_autosave_discard".format(*info),
            ),
            *super().get_urls(),
        ]

    # ---- The endpoints ----

    def _story_for_autosave(self, request, object_id):
        """The story whose form is kept (None for the add page), or a refusal."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No story with that id."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return JsonResponse(
                {"error": _("Send the form with POST.")},
                status=405,
                headers={"Allow": "POST"},
            )
        try:
            article = self._story_for_autosave(request, object_id)
        except PermissionDenied:
            return JsonResponse(
                {"error": _("You may not change this story.")}, status=403
            )
        except Http404 as missing:
            return JsonResponse({"error": str(missing)}, status=404)
        try:
            fields, files, lock_version = read_autosave(request)
        except AutosaveRefused as refused:
            return JsonResponse({"error": str(refused)}, status=refused.status)
        now = timezone.now()
        Autosave.objects.update_or_create(
            user=request.user,
            article=article,
            defaults={
                "fields": [list(pair) for pair in fields],
                "chosen_files": [list(pair) for pair in files],
                "lock_version": lock_version,
                "saved_at": now,
            },
        )
        local = timezone.localtime(now)
        return JsonResponse(
            {
                "saved_at": local.isoformat(),
                "message": _("Unsaved changes kept at %(time)s, for you alone.")
                % {"time": time_format(local, "H:i")},
            }
        )

    def autosave_discard_view(self, request, object_id=None):
        return require_POST(self._discard)(request, object_id)

    def _discard(self, request, object_id):
        article = self._story_for_autosave(request, object_id)
        Autosave.objects.filter(user=request.user, article=article).delete()
        if article is None:
            back = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_add")
        else:
            back = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[article.pk],
            )
        self.message_user(request, _("Your unsaved changes were discarded."))
        return HttpResponseRedirect(back)

    # ---- The story page ----

    def _kept(self, request, obj):
        """This user's autosave of this story's form (or of a new story), once per
        request."""
        key = obj.pk if obj is not None else None
        kept = request.__dict__.setdefault("_autosaves", {})
        if key not in kept:
            kept[key] = (
                Autosave.objects.filter(user=request.user, article=obj).first()
                if request.user.is_authenticated
                else None
            )
        return kept[key]

    def _restoring(self, request, obj):
        """The autosave the page is asked to restore (``?autosave=restore``), if any."""
        if request.method != "GET" or request.GET.get("autosave") != "restore":
            return None
        return self._kept(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        autosave = self._restoring(request, obj)
        if autosave is None:
            return form_class
        data = as_form_data(autosave, obj.lock_version if obj is not None else None)

        class RestoredForm(form_class):
            """The story form bound to what was typed: shown, never saved from here."""

            checks_staleness = False

            def __init__(self, *args, **kwargs):
                if not args and kwargs.get("data") is None:
                    kwargs["data"] = data
                super().__init__(*args, **kwargs)

        RestoredForm.__name__ = form_class.__name__
        return RestoredForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        autosave = self._restoring(request, obj if obj.pk else None)
        if autosave is not None:
            kwargs["data"] = as_form_data(autosave, None)
            kwargs["files"] = {}
        return kwargs

    def autosave_context(self, request, obj, add):
        """What the page needs to keep the form and to offer what was kept."""
        if add:
            if not self.has_add_permission(request):
                return {}
        elif obj is None or not self.has_change_permission(request, obj):
            return {}
        info = self.opts.app_label, self.opts.model_name
        if obj is None:
            url = reverse("admin:{}_{}_autosave_new".format(*info))
            discard = reverse("admin:{}_{}_autosave_discard_new".format(*info))
        else:
            url = reverse("admin:{}_{}_autosave".format(*info), args=[obj.pk])
            discard = reverse(
                "admin:{}_{}_autosave_discard".format(*info), args=[obj.pk]
            )
        kept = self._kept(request, obj)
        restored = self._restoring(request, obj) is not None
        return {
            "autosave_url": url,
            "autosave_discard_url": discard,
            "autosave": kept,
            "autosave_restored": restored,
            # Restored input, or input a save refused: not saved, either of them.
            "autosave_unsaved": restored or request.method == "POST",
            "autosave_when": _when(kept.saved_at) if kept else None,
            # Someone saved the story after the page these changes were typed on.
            "autosave_stale": bool(
                kept
                and obj is not None
                and kept.lock_version is not None
                and kept.lock_version != obj.lock_version
            ),
            "autosave_files": kept.chosen_files if kept else [],
        }

    def forget_autosave(self, request, article, *, added):
        """Delete what was kept for this story (or the new story): it is saved."""
        Autosave.objects.filter(
            user=request.user, article=None if added else article
        ).delete()
