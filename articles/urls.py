"""Public addresses: home, sections, authors, and each story under its section and date."""

from django.urls import path, register_converter

from . import views


class UnicodeSlugConverter:
    """A slug of letters in any script, digits, hyphens and underscores."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("authors/<uslug:slug>/", views.author_detail, name="author_detail"),
    path("corrections/", views.corrections, name="corrections"),
    path("preview/<str:token>/", views.shared_preview, name="shared_preview"),
    path("<slug:slug>/", views.section_detail, name="section_detail"),
    path(
        "<slug:section>/<int:year>/<int:month>/<int:day>/<uslug:slug>/",
        views.article_detail,
        name="article_detail",
    ),
]
