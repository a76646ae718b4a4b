"""What the write API's tests share: a token per user, JSON requests with it, and the runs of
the permission matrices (test_permissions.py, test_page_services.py)."""

from collections.abc import Callable

from django.db import transaction
from django.test import Client

from logins import tokens


class TokenClient:
    """A client that sends a user's login token (no session, no CSRF token)."""

    def __init__(self, user=None):
        self.client = Client(enforce_csrf_checks=True)
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens.issue(user).token}"} if user else {}

    def get(self, url, **extra):
        return self.client.get(url, **self.headers, **extra)

    def send(self, method: str, url: str, body=None, **extra):
        return getattr(self.client, method)(
            url, body, content_type="application/json", **self.headers, **extra
        )

    def post(self, url, body=None, **extra):
        return self.send("post", url, body, **extra)

    def patch(self, url, body=None, **extra):
        return self.send("patch", url, body, **extra)

    def delete(self, url, **extra):
        return self.client.delete(url, **self.headers, **extra)


STATES = ("draft", "pending", "published")  # the permission matrices' states


def everywhere_in(actions: dict, status: int) -> dict:
    """A matrix row: ``status`` for every action in every state."""
    return {state: dict.fromkeys(actions, status) for state in STATES}


def service_actions(url: str) -> dict:
    """The matrices' workflow, lock and history requests on the object at ``url``."""
    return {
        "submit": ("post", f"{url}/@workflow/submit", {}),
        "approve": ("post", f"{url}/@workflow/approve", {}),
        "reject": ("post", f"{url}/@workflow/reject", {"comment": "Fix it."}),
        "verify": ("post", f"{url}/@workflow/verify", {}),
        "unpublish": ("post", f"{url}/@workflow/unpublish", {}),
        "lock": ("post", f"{url}/@lock", None),
        "history": ("get", f"{url}/@history", None),
    }


class Rollback(Exception):
    pass


def statuses(actor: TokenClient, actions: dict, public_view: Callable | None = None) -> dict:
    """The status of each action ``(method, url, body)`` sent by ``actor``, each in a savepoint
    rolled back after it, so every one starts from the same state. ``public_view()``, if given,
    must answer after each action what it answered before them all: nothing reached the public.
    """
    before = public_view() if public_view is not None else None
    found = {}
    for action, (method, url, body) in actions.items():
        try:
            with transaction.atomic():
                if method in ("get", "delete"):
                    response = getattr(actor, method)(url)
                else:
                    response = actor.send(method, url, body)
                found[action] = response.status_code
                if public_view is not None:
                    assert public_view() == before, action
                raise Rollback
        except Rollback:
            pass
    return found
