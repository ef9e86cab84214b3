"""A client of AnkiConnect, the add-on (2055492159) through which a running Anki takes
JSON requests over HTTP: one action per request, or many in one `multi`.

Only the standard library: a push is a handful of requests, and a local Anki must be
reached directly, never through a proxy the environment names."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from factdeck.errors import FactdeckError, UsageProblem

API_VERSION = 6  # replies are {"result": …, "error": …}
BATCH = 250  # actions in one `multi`: big enough to be quick, small enough to time out rarely
MAX_REPLY = 512 * 1024 * 1024
ADDON = "AnkiConnect (add-on code 2055492159)"


class AnkiConnectError(FactdeckError):
    """AnkiConnect is not there, or refused a request."""


@dataclass(frozen=True)
class Action:
    name: str
    params: dict[str, Any]

    def body(self) -> dict[str, Any]:
        return {"action": self.name, "version": API_VERSION, "params": self.params}


@dataclass(frozen=True)
class Reply:
    """What one action of a `multi` gave: its result, or the error it met."""

    result: Any
    error: str | None


class AnkiConnect:
    def __init__(self, url: str, key: str | None = None, timeout: float = 120.0) -> None:
        self.url = url
        self.shown_url = _checked_url(url)
        self.key = key
        self.timeout = timeout
        # No proxy: http_proxy in the environment must not send a local request away.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def call(self, name: str, **params: Any) -> Any:
        """The result of one action; its error raised."""
        reply = self._post(Action(name, params).body())
        if not isinstance(reply, dict) or not {"result", "error"} <= reply.keys():
            raise self.not_anki_connect(name)
        if reply["error"] is not None:
            raise AnkiConnectError(f"AnkiConnect refused {name}: {reply['error']}")
        return reply["result"]

    def call_list(self, name: str, **params: Any) -> list[Any]:
        """The result of an action that answers with a list (none: an empty one)."""
        result = self.call(name, **params)
        if result is None:
            return []
        if not isinstance(result, list):
            raise self.not_anki_connect(name)
        return result

    def note_ids(self, query: str) -> list[int]:
        return self._ids("findNotes", query)

    def card_ids(self, query: str) -> list[int]:
        return self._ids("findCards", query)

    def _ids(self, name: str, query: str) -> list[int]:
        found = self.call_list(name, query=query)
        if not all(isinstance(item, int) and not isinstance(item, bool) for item in found):
            raise self.not_anki_connect(name)
        return found

    def multi(self, actions: Sequence[Action]) -> list[Reply]:
        """Every action's reply, in order, sent in batches."""
        replies: list[Reply] = []
        for batch in _batches(actions):
            results = self.call("multi", actions=[action.body() for action in batch])
            if not isinstance(results, list) or len(results) != len(batch):
                raise self.not_anki_connect("multi")
            replies.extend(_reply(result) for result in results)
        return replies

    def _post(self, body: dict[str, Any]) -> Any:
        if self.key is not None:
            body = {**body, "key": self.key}
        request = urllib.request.Request(
            self.url, data=json.dumps(body).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json"})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                raw = response.read(MAX_REPLY)
        except urllib.error.HTTPError as error:
            raise AnkiConnectError(
                f"AnkiConnect at {self.shown_url} answered {body['action']} with HTTP "
                f"{error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise AnkiConnectError(
                f"cannot reach AnkiConnect at {self.shown_url}: {reason}",
                hint=f"start Anki with {ADDON} installed, or give its address with --url"
            ) from None
        except http.client.HTTPException:  # something else listens there
            raise self.not_anki_connect(body["action"]) from None
        try:
            return json.loads(raw)
        except ValueError:
            raise self.not_anki_connect(body["action"]) from None

    def not_anki_connect(self, name: str) -> AnkiConnectError:
        return AnkiConnectError(f"{self.shown_url} did not answer {name} as AnkiConnect does",
                                hint=f"is it {ADDON}?")


def _checked_url(url: str) -> str:
    """The address as it may be shown (without a password in it); a usage error when it
    is not an http:// address."""
    problem = UsageProblem(f"--url must be an http:// address, like http://127.0.0.1:8765, "
                           f"not '{url}'")
    if any(char.isspace() or not char.isprintable() for char in url):
        raise problem
    try:
        parsed = urllib.parse.urlsplit(url)
        port = parsed.port
    except ValueError:
        raise problem from None
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise problem
    host = f"[{parsed.hostname}]" if ":" in parsed.hostname else parsed.hostname
    return parsed._replace(netloc=host if port is None else f"{host}:{port}").geturl()


def _batches(actions: Sequence[Action]) -> Iterator[Sequence[Action]]:
    for start in range(0, len(actions), BATCH):
        yield actions[start:start + BATCH]


def _reply(result: Any) -> Reply:
    # Version 6 entries are {"result", "error"}; a failed entry is that shape at any version.
    if isinstance(result, dict) and {"result", "error"} <= result.keys():
        error = result["error"]
        return Reply(result["result"], None if error is None else str(error))
    return Reply(result, None)
