"""What the write API's tests share: a token per user, JSON requests with it."""

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
