"""One Scrapyd node's JSON API, as the crawl worker and the deploy command use it.

Plain HTTP through the standard library: ``clinics`` never imports Scrapy, and Scrapyd's API is
a handful of form posts and GETs answering JSON. Every answer is read within a size cap and a
timeout, and an answer whose ``status`` is not ``ok`` raises ``ScrapydError`` with Scrapyd's own
message, so a job's error says what the node said.
"""
from __future__ import annotations

import base64
import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

TIMEOUT_S = 30.0
# An addversion.json answer waits for Scrapyd to list the new egg's spiders in a fresh process.
DEPLOY_TIMEOUT_S = 120.0
MAX_ANSWER_BYTES = 4 * 1024 * 1024


class ScrapydError(RuntimeError):
    """A Scrapyd node could not be reached or refused a request; the message says which."""


@dataclass(frozen=True)
class JobState:
    """Where a job stands on its node: "pending", "running", "finished", or None when the node
    does not know it (it was never scheduled there, or the node restarted and forgot it)."""

    state: str | None
    log_url: str | None = None


class ScrapydNode:
    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            # Not echoed: the URL may carry a password.
            raise ScrapydError("Each URL of SCRAPYD_URL must be http(s)://host[:port].")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.url = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
        self._auth = None
        if parts.username is not None:
            pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            self._auth = "Basic " + base64.b64encode(pair.encode()).decode()

    def __repr__(self) -> str:
        return f"ScrapydNode({self.url!r})"

    # The API ------------------------------------------------------------------------------

    def daemon_status(self) -> dict:
        """Counts of pending, running and finished jobs on the node."""
        return self._call("GET", "daemonstatus.json")

    def add_version(self, project: str, version: str, egg: bytes) -> dict:
        """Upload an egg as a version of the project; Scrapyd answers how many spiders it has."""
        body, content_type = _multipart({"project": project, "version": version},
                                        ("egg", f"{project}-{version}.egg", egg))
        return self._call("POST", "addversion.json", body=body, content_type=content_type,
                          timeout_s=DEPLOY_TIMEOUT_S)

    def schedule(self, project: str, spider: str, job_id: str, settings: dict[str, str],
                 args: dict[str, str], version: str | None = None) -> str:
        """Queue a crawl (of ``version``, or the newest); returns the job id Scrapyd uses."""
        reserved = {"project", "spider", "jobid", "setting", "priority", "_version"} & set(args)
        if reserved:
            raise ScrapydError(f"Spider arguments named {sorted(reserved)} cannot pass "
                               "through Scrapyd.")
        fields = [("project", project), ("spider", spider), ("jobid", job_id),
                  *([("_version", version)] if version else []),
                  *(("setting", f"{name}={value}") for name, value in settings.items()),
                  *args.items()]
        return self._call("POST", "schedule.json", form=fields)["jobid"]

    def list_jobs(self, project: str) -> dict[str, list[dict]]:
        """The project's jobs on the node: {"pending": [...], "running": [...],
        "finished": [...]}, each job a dict with its "id", "spider" and more."""
        return self._call("GET", "listjobs.json?" + urlencode({"project": project}))

    def job_state(self, project: str, job_id: str) -> JobState:
        listed = self.list_jobs(project)
        for state in ("pending", "running", "finished"):
            for job in listed.get(state, []):
                if job.get("id") == job_id:
                    return JobState(state, job.get("log_url"))
        return JobState(None)

    def cancel(self, project: str, job_id: str, signal: str = "INT") -> str | None:
        """Ask the node to stop a job: INT is Scrapy's clean close, KILL ends it at once.
        Returns the state it was in ("pending", "running") or None."""
        return self._call("POST", "cancel.json",
                          form=[("project", project), ("job", job_id), ("signal", signal)]
                          ).get("prevstate")

    def newest_version(self, project: str) -> str | None:
        """The version Scrapyd runs when none is named (its newest), or None before a deploy."""
        versions = self._call("GET", "listversions.json?" + urlencode({"project": project}))
        return (versions.get("versions") or [None])[-1]

    def log_tail(self, log_url: str, max_bytes: int) -> bytes:
        """The last ``max_bytes`` (at most) of a job's log, which the node serves at
        ``log_url``. Asks for its size first: Twisted's file server fails on a suffix range
        longer than the file."""
        with self._fetch(self._request("HEAD", log_url)) as head:
            size = int(head.headers.get("Content-Length") or 0)
        if size == 0:
            return b""
        start = max(0, size - max_bytes)
        ranged = self._request("GET", log_url, headers={"Range": f"bytes={start}-{size - 1}"})
        with self._fetch(ranged) as answer:
            return answer.read(max_bytes)

    def _fetch(self, request: urllib.request.Request):
        try:
            return urllib.request.urlopen(request, timeout=TIMEOUT_S)
        except urllib.error.HTTPError as error:
            raise ScrapydError(f"{self.url} answered {error.code} for the job's log") from None
        except (OSError, ValueError) as error:
            raise ScrapydError(f"{self.url} could not be reached: {error}") from None

    # HTTP ---------------------------------------------------------------------------------

    def _request(self, method: str, path: str, data: bytes | None = None,
                 headers: dict[str, str] | None = None) -> urllib.request.Request:
        url = path if path.startswith(("http://", "https://")) else \
            f"{self.url}/{path.lstrip('/')}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        if self._auth:
            request.add_header("Authorization", self._auth)
        return request

    def _call(self, method: str, path: str, *, form: list[tuple[str, str]] | None = None,
              body: bytes | None = None, content_type: str | None = None,
              timeout_s: float = TIMEOUT_S) -> dict:
        if form is not None:
            body = urlencode(form).encode()
            content_type = "application/x-www-form-urlencoded"
        request = self._request(method, path, body,
                                {"Content-Type": content_type} if content_type else None)
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as answer:
                raw = answer.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise ScrapydError(f"{self.url} answered {error.code} {error.reason} "
                               f"to {path.split('?')[0]}") from None
        except (OSError, ValueError) as error:
            raise ScrapydError(f"{self.url} could not be reached: {error}") from None
        return _answer(self.url, path, raw)


def _answer(url: str, path: str, raw: bytes) -> dict:
    if len(raw) > MAX_ANSWER_BYTES:
        raise ScrapydError(f"{url} sent an answer to {path.split('?')[0]} larger than "
                           f"{MAX_ANSWER_BYTES} bytes")
    try:
        answer = json.loads(raw)
    except ValueError:
        raise ScrapydError(f"{url} did not answer JSON to {path.split('?')[0]}") from None
    if not isinstance(answer, dict) or answer.get("status") != "ok":
        message = answer.get("message") if isinstance(answer, dict) else None
        raise ScrapydError(f"{url} refused {path.split('?')[0]}: {message or answer!r}")
    return answer


def _multipart(fields: dict[str, str], upload: tuple[str, str, bytes]) -> tuple[bytes, str]:
    """A multipart/form-data body with text fields and one file, as addversion.json takes."""
    boundary = "----clinics" + secrets.token_hex(16)
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    name, filename, content = upload
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                 f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                 .encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
