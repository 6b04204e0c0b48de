"""The README's newcomer walk-through works as written, through the local stack."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Engine
from werkzeug.test import Client

from common.local.server import LocalStack, mount_functions
from tests.support import ROOT

pytestmark = pytest.mark.e2e


@dataclass
class CurlCall:
    """One ``curl`` command of the README, as the walk-through runs it."""

    path: str
    payload: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    saves_cookies: bool = False
    sends_cookies: bool = False


def _walkthrough_commands() -> list[CurlCall]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Newcomer walk-through", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the walk-through has a sh block"
    script = block.group(1).replace("\\\n", " ")
    lines = [line for line in script.splitlines() if line.startswith("curl ")]
    return [_parse(shlex.split(line)) for line in lines]


def _parse(words: list[str]) -> CurlCall:
    call = CurlCall(path="")
    options = iter(words[1:])
    for word in options:
        if word == "-c":
            call.saves_cookies, _ = True, next(options)
        elif word == "-b":
            call.sends_cookies, _ = True, next(options)
        elif word == "-H":
            name, _, value = next(options).partition(":")
            call.headers[name.strip()] = value.strip()
        elif word == "-d":
            call.payload = next(options)
        elif word.startswith("http"):
            call.path = urlsplit(word).path
    return call


def _run(client: Client, call: CurlCall, cookie: str | None) -> Any:
    headers = dict(call.headers)
    if call.sends_cookies and cookie:
        headers["Cookie"] = cookie
    if call.payload is None:
        return client.get(call.path, headers=headers)
    return client.post(call.path, data=call.payload, headers=headers)


def test_readme_walkthrough_signs_up_creates_and_lists_a_property(
    clean_db: Engine, redis_flushed: Any
) -> None:
    # given
    client = Client(LocalStack(mount_functions()), use_cookies=False)
    sign_up, create, listing, french_error = _walkthrough_commands()
    # when
    signed_up = _run(client, sign_up, None)
    cookie = signed_up.headers["Set-Cookie"].split(";", 1)[0]
    created = _run(client, create, cookie)
    listed = _run(client, listing, cookie)
    refused = _run(client, french_error, cookie)
    # then
    assert sign_up.saves_cookies and signed_up.status_code == 200
    assert created.status_code == 201
    assert [item["id"] for item in listed.get_json()["items"]] == [
        created.get_json()["id"]
    ]
    assert json.loads(create.payload or "{}")["postal_code"] == "75014"
    assert refused.status_code == 400
    assert refused.get_json()["error"]["message"].startswith("Valeur invalide")
