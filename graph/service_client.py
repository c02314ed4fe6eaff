"""A polite JSON-over-HTTP client for online services (reconciliation services, the Wikidata API).

`ServiceClient(settings).get_json(url, params)` / `.post_form(url, data)` give the decoded JSON
answer. On the way it
- sends a User-Agent naming the project (Wikimedia's policy asks for one);
- keeps at least `min_interval` seconds between two requests (rate limit);
- retries timeouts, dropped connections, 429, 5xx, malformed JSON and Wikidata's `maxlag` errors,
  waiting as long as the service's `Retry-After` asks, else backing off exponentially;
- gives up when the run's time budget would be exceeded (`BudgetExhausted`).

Errors: `ServiceUnreachable` when the very first request cannot connect at all (no network,
unknown host: retrying would only waste the user's time), `ServiceRefused` for a 4xx answer other
than 429 (never retried), `ServiceError` when the service answered but not usefully after every
retry (the message names the URL and the last problem).
"""
from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

import requests

USER_AGENT = "conflict-kg/0.1 (https://w3id.org/conflict-kg; reconciliation of war-reporting entities) python-requests"


class ServiceError(RuntimeError):
    """The service answered, but not usefully, even after retries."""


class ServiceUnreachable(ServiceError):
    """Nothing could be reached at all: no network, or an unknown or closed host."""


class ServiceRefused(ServiceError):
    """The service refused the request itself (a 4xx other than 429): a wrong URL, or not this API."""


class BudgetExhausted(ServiceError):
    """The run's time budget does not allow another attempt."""


@dataclass(frozen=True)
class ClientSettings:
    user_agent: str = USER_AGENT
    timeout: float = 30.0  # seconds for one request
    retries: int = 4  # further attempts after the first
    backoff: float = 2.0  # first wait after a failure; doubles each time
    max_wait: float = 120.0  # no backoff wait is longer (a Retry-After is honoured as asked, within the budget)
    min_interval: float = 1.0  # seconds between the starts of two requests
    budget: float = 600.0  # seconds for the whole run
    maxlag: int = 5  # sent to MediaWiki APIs: back off when replication lags more than this


class ServiceClient:
    def __init__(self, settings: ClientSettings = ClientSettings(), session: requests.Session | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = settings.user_agent
        self._clock, self._sleep = clock, sleep
        self._started = clock()
        self._last_request: float | None = None
        self._answered = False  # has anything ever answered? (distinguishes "no network" from a hiccup)
        self.requests_sent = 0

    def remaining(self) -> float:
        return self.settings.budget - (self._clock() - self._started)

    def get_json(self, url: str, params: dict[str, str], *, mediawiki: bool = False):
        if mediawiki:
            params = {**params, "format": "json", "maxlag": str(self.settings.maxlag)}
        return self._request("GET", url, params=params)

    def post_form(self, url: str, data: dict[str, str]):
        return self._request("POST", url, data=data)

    def _request(self, method: str, url: str, **kwargs):
        settings, problem = self.settings, ""
        for attempt in range(settings.retries + 1):
            self._wait_turn(url)
            timeout = max(0.1, min(settings.timeout, self.remaining()))
            try:
                response = self._session.request(method, url, timeout=timeout, **kwargs)
            except requests.exceptions.ReadTimeout:
                problem, wait = f"no answer within {timeout:g} s", None
            except requests.exceptions.ConnectionError as error:
                if not self._answered:
                    raise ServiceUnreachable(f"cannot reach {_host(url)} ({_reason(error)})") from error
                problem, wait = f"connection failed ({_reason(error)})", None
            except requests.exceptions.RequestException as error:
                problem, wait = f"{type(error).__name__}: {_reason(error)}", None
            else:
                self._answered = True
                problem, wait, payload = _judge(response)
                if not problem:
                    return payload
            if attempt == settings.retries:
                break
            if wait is None:  # the service did not say how long: back off exponentially
                wait = min(settings.backoff * 2 ** attempt, settings.max_wait)
            if wait >= self.remaining():
                raise BudgetExhausted(f"{url}: {problem}; the time budget of {settings.budget:g} s "
                                      f"does not allow waiting {wait:g} s more")
            self._sleep(wait)
        raise ServiceError(f"{url}: {problem} (gave up after {settings.retries + 1} attempts)")

    def _wait_turn(self, url: str) -> None:
        if self._last_request is not None:
            wait = self.settings.min_interval - (self._clock() - self._last_request)
            if wait > 0:
                self._sleep(wait)
        if self.remaining() <= 0:
            raise BudgetExhausted(f"{url}: the time budget of {self.settings.budget:g} s is spent")
        self._last_request = self._clock()
        self.requests_sent += 1

def _judge(response: requests.Response) -> tuple[str, float | None, object]:
    """(problem, how long the service asks us to wait, payload); no problem means the payload is good."""
    retry_after = _retry_after(response.headers.get("Retry-After"))
    if response.status_code == 429 or response.status_code >= 500:
        return f"HTTP {response.status_code}", retry_after, None
    if response.status_code >= 400:
        raise ServiceRefused(f"{response.url}: HTTP {response.status_code} ({response.reason}); "
                           "the request itself was refused, retrying would not help")
    try:
        payload = response.json()
    except ValueError:
        return f"malformed JSON in the answer ({response.text[:60]!r})", None, None
    error = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(error, dict) and error.get("code") == "maxlag":
        return f"server lagging ({error.get('info', 'maxlag')})", retry_after, None
    return "", None, payload


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _reason(error: Exception) -> str:
    """The innermost cause of a requests error, on one line."""
    reason = error
    while reason.__context__ is not None and reason.__context__ is not reason:
        reason = reason.__context__
    text = " ".join(str(reason).split()) or type(reason).__name__
    return text[:160]
