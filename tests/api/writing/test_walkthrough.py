"""docs/api.md's walk-through (*Writing*), run step by step against a live server: each
``http`` block is sent as written (``$MARIA``, ``$VERA``: the tokens their logins answered) and
must answer the status, and the Location, of the ``text`` block after it. The demo's pages are
there for its page part (a guide drafted in a folder, submitted, approved, read)."""

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.factories import editor, vetter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
BLOCK = re.compile(r"```(http|text)\n(.*?)```", re.S)


def steps() -> list[tuple[str, str]]:
    section = DOC.read_text().split("### Walk-through", 1)[1]
    blocks = BLOCK.findall(section)
    pairs = list(zip(blocks[::2], blocks[1::2], strict=True))
    assert all(req[0] == "http" and ans[0] == "text" for req, ans in pairs)
    return [(req[1], ans[1]) for req, ans in pairs]


def send(base: str, request: str, tokens: dict) -> tuple[int, dict, bytes]:
    for name, token in tokens.items():
        request = request.replace(f"${name}", token)
    head, _blank, body = request.partition("\n\n")
    start, *header_lines = head.strip().splitlines()
    method, path = start.split()
    headers = dict(line.split(": ", 1) for line in header_lines)
    data = body.strip().encode() or None
    call = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(call) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_walkthrough_of_docs_api_md_works_on_a_live_server(live_server, demo_pages):
    for make, name, password in (
        (editor, "maria", "example-password-1"),
        (vetter, "vera", "example-password-2"),
    ):
        user = make(username=name)
        user.set_password(password)
        user.save()
    tokens: dict[str, str] = {}
    done = []
    for request, answer in steps():
        status, headers, body = send(live_server.url, request, tokens)
        expected = int(answer.split()[1])
        assert status == expected, (request, status, body[:300])
        location = re.search(r"^Location: https?://[^/]+(/\S*)", answer, re.M)
        if location:
            assert headers["Location"].endswith(location[1])
        if request.startswith("POST /api/@login\n"):
            login = json.loads(request.partition("\n\n")[2])["login"]
            tokens[login.upper()] = json.loads(body)["token"]
        done.append(request.splitlines()[0])
    assert len(done) == 14
    assert "GET /api/directory/attorneys/example-immigrant-defense-clinic" in done
    assert done[-2] == "GET /api/know-your-rights/example-wage-claims"
