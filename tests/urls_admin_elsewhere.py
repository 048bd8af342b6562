"""A URL configuration that puts the admin at another address, as a middleware
may give a request (``request.urlconf``)."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("back-office/", admin.site.urls)]
