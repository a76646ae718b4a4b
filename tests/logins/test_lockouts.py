"""Admin logins (django-axes through Wagtail's own login view): a few wrong passwords lock one
user name out from one address, with a page that says how long to wait and whom to ask; a
superuser sees the lockouts and lifts one; nothing older than the lockout window is kept."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("wagtailadmin_login")
PASSWORD = "pw-for-tests-1"  # tests/factories.py
HERE = "198.51.100.7"
ELSEWHERE = "198.51.100.8"


@pytest.fixture
def staff(db):
    return UserFactory(username="maria", is_staff=True, is_superuser=True)


def sign_in(client: Client, username: str, password: str, address: str = HERE, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def lock_out(client: Client, username: str = "maria", address: str = HERE) -> list[int]:
    return [sign_in(client, username, "wrong", address).status_code for _ in range(5)]


def test_five_wrong_passwords_lock_the_name_out_from_that_address(client, staff):
    # Four are the form again; the fifth locks out.
    assert lock_out(client) == [200, 200, 200, 200, 429]
    # Now even the right password is refused from here, before it is checked ...
    refused = sign_in(client, "maria", PASSWORD)
    assert refused.status_code == 429 and not signed_in(refused)
    assert refused["Retry-After"] == str(15 * 60)
    assert "no-store" in refused["Cache-Control"]
    # ... and a forged X-Forwarded-For does not make it another address (no trusted proxy).
    forged = sign_in(client, "maria", PASSWORD, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert forged.status_code == 429
    # From another address the same person signs in: nobody can lock a colleague out remotely.
    assert signed_in(sign_in(Client(), "maria", PASSWORD, ELSEWHERE))
    # And another user name from here is not locked.
    UserFactory(username="jose", is_staff=True, is_superuser=True)
    assert signed_in(sign_in(Client(), "jose", PASSWORD, HERE))


def test_the_lockout_page_says_how_long_and_whom_to_ask(client, staff):
    lock_out(client)
    page = sign_in(client, "maria", PASSWORD).content.decode()
    assert "Sign-in paused" in page
    assert "paused for 15 minutes" in page
    assert "ask an administrator" in page and "Login lockouts" in page
    assert 'class="login"' in page  # the admin's login frame
    assert reverse("wagtailadmin_login") in page


def test_the_lockout_page_in_spanish(client, staff):
    lock_out(client)
    page = sign_in(client, "maria", PASSWORD, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Inicio de sesión en pausa" in page and 'lang="es"' in page
    assert "15 minutos" in page
    assert "administrador" in page


def test_a_right_password_before_the_limit_forgets_the_failures(client, staff):
    assert lock_out(client)[:1] == [200]
    AccessAttempt.objects.all().delete()
    for _ in range(4):
        sign_in(client, "maria", "wrong")
    assert signed_in(sign_in(client, "maria", PASSWORD))
    assert not AccessAttempt.objects.exists()
    # Successful logins are not recorded at all.
    assert not AccessLog.objects.exists()


@pytest.fixture
def locked(client, staff):
    lock_out(Client(), "maria", HERE)
    return AccessAttempt.objects.get()


def test_a_superuser_sees_the_lockouts_and_lifts_one(client, staff, locked):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    home = client.get("/admin/").content.decode()
    assert reverse("logins:lockouts") in home  # in the Settings menu
    page = client.get(reverse("logins:lockouts"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "maria" in text and HERE in text and "Locked out until" in text
    lifted = client.post(reverse("logins:lift", args=[locked.pk]), follow=True)
    assert lifted.status_code == 200
    assert "is open again" in lifted.content.decode()
    assert not AccessAttempt.objects.exists()
    assert signed_in(sign_in(Client(), "maria", PASSWORD, HERE))


def test_editors_and_vetters_cannot_see_the_lockouts(client, editor, vetter, locked):
    for user in (editor, vetter):
        client.force_login(user)
        for response in (
            client.get(reverse("logins:lockouts")),
            client.post(reverse("logins:lift", args=[locked.pk])),
        ):
            # Wagtail turns a refusal into a redirect to the dashboard, with a message.
            assert response.status_code == 302 and response["Location"] == "/admin/"
        assert reverse("logins:lockouts") not in client.get("/admin/").content.decode()
    assert AccessAttempt.objects.count() == 1
    client.logout()
    anonymous = client.get(reverse("logins:lockouts"))
    assert anonymous.status_code == 302 and LOGIN in anonymous["Location"]


def test_the_lift_is_a_post(client, locked):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get(reverse("logins:lift", args=[locked.pk])).status_code == 405
    assert AccessAttempt.objects.count() == 1


def test_failed_logins_are_kept_only_for_the_lockout_window(client, staff, locked):
    """Privacy: an address is kept only while it can still lock someone out."""
    AccessAttempt.objects.filter(pk=locked.pk).update(
        attempt_time=timezone.now() - timedelta(minutes=16)
    )
    recent = AccessAttempt.objects.create(
        username="jose",
        ip_address=ELSEWHERE,
        user_agent="",
        http_accept="",
        path_info=LOGIN,
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    call_command("clean_login_attempts", verbosity=0)
    assert list(AccessAttempt.objects.all()) == [recent]
    # The old lockout is over: the right password works again.
    assert signed_in(sign_in(client, "maria", PASSWORD))
