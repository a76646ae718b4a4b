"""Settings > Login lockouts: the failed logins that still count, which pairs of user name and
address are locked out and until when, and a button to lift one. Superusers only (the page
shows addresses); editors and vetters are refused (Wagtail sends them to the dashboard) and see
no menu item."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from logins import attempts
from logins.lockout import lockout_minutes

MAX_ROWS = 500


def require_superuser(request) -> None:
    if not request.user.is_superuser:
        raise PermissionDenied


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "logins/lockouts.html"
    page_title = gettext_lazy("Login lockouts")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        require_superuser(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempts.clean_expired()  # retention: nothing older than a lockout window is shown or kept
        window = timedelta(minutes=lockout_minutes())
        context["rows"] = [
            {
                "attempt": attempt,
                "locked": attempts.is_locked(attempt),
                "until": attempt.attempt_time + window,
            }
            for attempt in attempts.current()[:MAX_ROWS]
        ]
        context["minutes"] = lockout_minutes()
        return context


@require_POST
def lift(request, pk: int):
    require_superuser(request)
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    attempt.delete()
    messages.success(
        request,
        _("Sign-in for “%(username)s” from %(address)s is open again.")
        % {"username": attempt.username or "?", "address": attempt.ip_address or "?"},
    )
    return redirect("logins:lockouts")
