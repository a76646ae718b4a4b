"""The admin's URLs of the logins app (mounted under /admin/ by logins/wagtail_hooks.py)."""

from django.urls import path

from logins import views

app_name = "logins"
urlpatterns = [
    path("", views.LockoutsView.as_view(), name="lockouts"),
    path("<int:pk>/lift/", views.lift, name="lift"),
]
