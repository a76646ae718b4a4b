"""Helpers for the partner key tests."""

PARTNER_ORIGIN = "https://partner.example.org"
FOREIGN_ORIGIN = "https://elsewhere.example.com"


def auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


def assert_error(response, status: int, type_: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"type", "message", "errors"}
    assert body["type"] == type_ and body["message"]
    return body
