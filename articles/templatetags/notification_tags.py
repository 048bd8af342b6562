"""The inbox in the admin's header and on its home page: how many notifications
wait unread, asked once per page."""

from django import template

from ..models import Notification

register = template.Library()
HOME_LINES = 5


def _unread(request):
    """The signed-in person's unread count, remembered on the request: the header
    and the home page both show it."""
    if "_unread_notifications" not in request.__dict__:
        request._unread_notifications = (
            Notification.objects.filter(recipient=request.user).unread().count()
        )
    return request._unread_notifications


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return _unread(request)


@register.inclusion_tag("admin/articles/notification/home.html", takes_context=True)
def inbox_summary(context):
    """The newest unread notifications, for the admin's home page."""
    request = context["request"]
    count = _unread(request)
    latest = []
    if count:
        latest = list(Notification.objects.inbox(request.user).unread()[:HOME_LINES])
    return {"unread_count": count, "latest": latest}
