"""Rules from Communications to every laptop: fetch the district's rules file on the companion's
own schedule, accept it only if it passes every check, and keep the last good copy on disk.

The source (setting `rules`) is one of:
- an `https://` URL on the district's web server: conditional requests (`If-None-Match`,
  `If-Modified-Since`), so an unchanged file costs one small request and a 304;
- a network share path (`\\\\server\\share\\policy_rules.yaml`, or a share mounted under
  `/Volumes/` on a Mac): copied when its size or time changes;
- any other path: not handled here; the companion watches that file directly (live reload).

Every `rules_check_minutes` (plus or minus a tenth, at random, so a thousand laptops that log on at
7:30 do not all ask at once) the fetcher asks for the file, with `rules_timeout_seconds` for the
whole exchange. A new file must match the pinned SHA-256 (`rules_sha256`) and the minisign
signature (`rules_public_key`) when those are set, and pass `validate()` (schema and every
example) before it is written to the cache file, which the companion's `RulesHolder` watches and
switches to. Offline, refused or broken: the cached copy keeps serving, and the reason is kept
for `second-look rules status`, `doctor` and `/v1/health`. A client request never triggers a fetch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

from companion import __version__
from companion.rules.check import MAX_RULES_BYTES
from companion.rules.problems import RulesError
from companion.rules.signature import MAX_SIGNATURE_BYTES, SUFFIX, SignatureError, verify
from companion.settings import Paths, Settings, write_private

log = logging.getLogger(__name__)

CACHE_NAME = "rules.fetched.yaml"
STATUS_NAME = "rules.fetched.json"
JITTER = 0.1  # a tenth of the interval, either way
FIRST_CHECK_MAX_DELAY = 60.0  # seconds, when a cached copy already serves
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def kind_of(source: str, platform: str | None = None) -> str:
    """'url', 'share' or 'file' for a `rules` setting value ('' is the bundled file)."""
    platform = platform or sys.platform
    if re.match(r"^https?://", source, re.IGNORECASE):
        return "url"
    if source.startswith(("\\\\", "//")):
        return "share"
    if platform == "darwin" and source.startswith("/Volumes/"):
        return "share"
    return "file"


def is_distributed(source: str) -> bool:
    return bool(source) and kind_of(source) != "file"


def signature_location(source: str) -> str:
    if kind_of(source) == "url":
        parts = urlsplit(source)
        return urlunsplit(parts._replace(path=parts.path + SUFFIX))
    return source + SUFFIX


@dataclass
class Status:
    """What `rules status` and `doctor` show; saved next to the cached copy."""

    source: str = ""
    policy: str = ""  # which pin/key the cached copy was accepted under
    version: str | None = None
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    size_mtime: list | None = None  # a share file's (size, mtime) when last read
    checked_at: float | None = None
    changed_at: float | None = None
    last_result: str | None = None  # changed, unchanged, refused, offline
    last_error: str | None = None
    error_at: float | None = None
    from_bundled: bool = False  # the cache holds the bundled rules until the first fetch succeeds
    refused_sha256: str | None = None  # the last file refused (and the pin/key then), so it is not checked again and again
    problems: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> "Status":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
            return cls(**known)
        except (OSError, ValueError, TypeError):
            return cls()

    def write(self, path: Path) -> None:
        write_private(path, json.dumps(asdict(self), indent=1).encode("utf-8"))


class Refused(Exception):
    """The file was fetched but must not be used."""

    def __init__(self, reason: str, problems: list[str] | None = None) -> None:
        super().__init__(reason)
        self.problems = problems or []


class Offline(Exception):
    """The source could not be reached; nothing is wrong with the cached copy."""


class _HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect must not downgrade to plain http (a network attacker could then answer).
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        parts = urlsplit(newurl)
        if parts.scheme != "https" and not (parts.scheme == "http" and (parts.hostname or "") in LOOPBACK):
            raise urllib.error.HTTPError(newurl, code, "redirect to a non-https address refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


Accept = Callable[[str, str], str]  # (text, name) -> rules version; raises RulesError


class RulesFetcher:
    def __init__(self, settings: Settings, paths: Paths, accept: Accept | None = None) -> None:
        self.source = settings.rules
        self.kind = kind_of(self.source)
        self.interval = settings.rules_check_minutes * 60.0
        self.timeout = float(settings.rules_timeout_seconds)
        self.sha256 = settings.rules_sha256.lower()
        self.public_key = settings.rules_public_key
        self.accept = accept
        self.cache_path = paths.cache / CACHE_NAME
        self.status_path = paths.cache / STATUS_NAME
        self.status = Status.read(self.status_path)
        # What /v1/health and `rules status` report: a copy of the status taken once it is on disk,
        # so that nothing is reported that a restart would not find.
        self._shown = replace(self.status)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.fetches = 0  # full downloads, for tests and figures

    @property
    def policy(self) -> str:
        return f"sha256={self.sha256 or '-'};key={self.public_key[-12:] or '-'}"

    # -- start-up -----------------------------------------------------------------------------
    def prepare(self, bundled: Path) -> Path:
        """Make sure the cache holds rules to serve; return the file the companion should watch.

        No cached copy yet (a new laptop, maybe offline): the bundled rules, until the first fetch."""
        if not self.cache_path.exists():
            write_private(self.cache_path, bundled.read_bytes())
            self.status = Status(source=self.source, from_bundled=True)
            self._save()
        elif self.status.source != self.source:
            # IT pointed to a new source: keep serving the old copy, but ask in full next time.
            self.status.etag = self.status.last_modified = None
            self.status.size_mtime = None
            self.status.source = self.source
            self._save()
        return self.cache_path

    # -- one check ------------------------------------------------------------------------------
    def check_now(self) -> str:
        """Ask the source once; returns 'changed', 'unchanged', 'refused' or 'offline'."""
        with self._lock:
            st = self.status
            st.checked_at = time.time()
            try:
                got = self._download()
                if got is None:
                    st.last_result = "unchanged"
                    st.last_error = None
                    st.problems = []
                else:
                    self._take(*got)
                    st.last_result = "changed"
                    st.last_error = None
                    st.problems = []
            except Offline as exc:
                st.last_result, st.last_error, st.error_at = "offline", str(exc), time.time()
                log.warning("rules source not reachable (%s); the cached rules keep serving", exc)
            except Refused as exc:
                st.last_result, st.last_error, st.error_at = "refused", str(exc), time.time()
                st.problems = exc.problems[:20]
                log.error("new rules refused (%s); the cached rules keep serving", exc)
            self._save()
            return st.last_result or ""

    def _save(self) -> None:
        self.status.write(self.status_path)
        self._shown = replace(self.status, problems=list(self.status.problems))

    def _download(self) -> tuple[bytes, dict] | None:
        """The new file and what identifies it (ETag, Last-Modified, size and time), or None
        when it has not changed since the copy in the cache."""
        if self.kind == "url":
            return self._download_url()
        return self._download_share()

    def _conditional(self) -> bool:
        return self.status.policy == self.policy and self.cache_path.exists() and not self.status.from_bundled

    def _download_url(self) -> tuple[bytes, dict] | None:
        headers = {"User-Agent": f"second-look/{__version__}", "Accept": "application/yaml, text/plain, */*"}
        if self._conditional():
            if self.status.etag:
                headers["If-None-Match"] = self.status.etag
            if self.status.last_modified:
                headers["If-Modified-Since"] = self.status.last_modified
        status, body, reply = self._get(self.source, headers, MAX_RULES_BYTES)
        if status == 304:
            return None
        validators = {"etag": reply.get("ETag"), "last_modified": reply.get("Last-Modified")}
        if hashlib.sha256(body).hexdigest() == self.status.sha256 and self._conditional():
            self._remember(validators)
            return None  # a server without validators sent the same file again
        return body, validators

    def _get(self, url: str, headers: dict[str, str], limit: int) -> tuple[int, bytes, dict[str, str]]:
        host = (urlsplit(url).hostname or "").lower()
        handlers: list = [_HttpsOnlyRedirects()]
        if host in LOOPBACK:
            handlers.append(urllib.request.ProxyHandler({}))  # never send loopback through a proxy
        opener = urllib.request.build_opener(*handlers)
        deadline = time.monotonic() + self.timeout
        request = urllib.request.Request(url, headers=headers)
        try:
            with opener.open(request, timeout=self.timeout) as reply:
                chunks, size = [], 0
                while True:
                    if time.monotonic() > deadline:
                        raise Offline(f"no complete answer within {self.timeout:g} s (setting rules_timeout_seconds)")
                    chunk = reply.read(65536)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise Refused(f"the file is larger than {limit:,} bytes")
                    chunks.append(chunk)
                self.fetches += 1
                return reply.status, b"".join(chunks), dict(reply.headers.items())
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return 304, b"", {}
            if exc.code >= 500 or exc.code in (408, 429):
                raise Offline(f"the server answered {exc.code} {exc.reason}") from None
            raise Refused(f"the server answered {exc.code} {exc.reason} for {url}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason.strerror if isinstance(exc.reason, OSError) and exc.reason.strerror else exc.reason
            raise Offline(f"cannot reach {host}: {reason}") from None
        except (socket.timeout, TimeoutError):
            raise Offline(f"no answer within {self.timeout:g} s (setting rules_timeout_seconds)") from None
        except OSError as exc:
            raise Offline(f"cannot reach {host}: {exc.strerror or type(exc).__name__}") from None

    def _download_share(self) -> tuple[bytes, dict] | None:
        path = Path(self.source)
        try:
            stat = path.stat()
            if stat.st_size > MAX_RULES_BYTES:
                raise Refused(f"the file is larger than {MAX_RULES_BYTES:,} bytes")
            size_mtime = [stat.st_size, stat.st_mtime_ns]
            if self._conditional() and self.status.size_mtime == size_mtime:
                return None
            data = path.read_bytes()
        except FileNotFoundError:
            raise Offline(f"{path} does not exist (is the share connected?)") from None
        except OSError as exc:
            raise Offline(f"cannot read {path} ({exc.strerror or type(exc).__name__})") from None
        self.fetches += 1
        validators = {"size_mtime": size_mtime}
        if hashlib.sha256(data).hexdigest() == self.status.sha256 and self._conditional():
            self._remember(validators)
            return None
        return data, validators

    def _remember(self, validators: dict) -> None:
        for key, value in validators.items():
            setattr(self.status, key, value)

    def _signature(self) -> str:
        where = signature_location(self.source)
        if self.kind == "url":
            try:
                _status, body, _ = self._get(where, {"User-Agent": f"second-look/{__version__}"}, MAX_SIGNATURE_BYTES)
            except Refused as exc:
                raise Refused(f"the signature {where} could not be fetched ({exc})") from None
        else:
            try:
                body = Path(where).read_bytes()[:MAX_SIGNATURE_BYTES]
            except OSError:
                raise Refused(f"the signature file {where} is missing") from None
        return body.decode("utf-8", "replace")

    def _take(self, data: bytes, validators: dict) -> None:
        digest = hashlib.sha256(data).hexdigest()
        refused_key = f"{digest}|{self.policy}"
        if refused_key == self.status.refused_sha256:
            raise Refused(self.status.last_error or "refused before", self.status.problems)  # same bad file
        try:
            self._check(data, digest)
        except Refused:
            self.status.refused_sha256 = refused_key
            raise
        # Only an accepted file's validators are kept: a refused one must be asked for in full again.
        self._remember(validators)
        st = self.status
        st.policy, st.from_bundled, st.source, st.refused_sha256 = self.policy, False, self.source, None

    def _check(self, data: bytes, digest: str) -> None:
        if self.sha256 and digest != self.sha256:
            raise Refused(f"the file's SHA-256 is {digest[:12]}…, not the pinned {self.sha256[:12]}… (setting rules_sha256)")
        if self.public_key:
            try:
                verify(data, self._signature(), self.public_key)
            except SignatureError as exc:
                raise Refused(f"signature refused: {exc}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused("the file is not UTF-8 text") from None
        version = None
        if self.accept is not None:
            try:
                version = self.accept(text, self.source)
            except RulesError as exc:
                raise Refused(f"the new rules fail `rules check` ({len(exc.problems)} problem(s))",
                              [str(p) for p in exc.problems]) from None
        write_private(self.cache_path, data)
        st = self.status
        st.sha256, st.version, st.changed_at = digest, version, time.time()
        log.info("new rules accepted from the district's source (version %s)", version)

    # -- schedule -----------------------------------------------------------------------------
    def next_delay(self, rng: random.Random | None = None) -> float:
        rng = rng or random
        return self.interval * (1 + rng.uniform(-JITTER, JITTER))

    def first_delay(self, rng: random.Random | None = None) -> float:
        if self.status.from_bundled:
            return 0.0  # nothing from the district yet: ask now
        rng = rng or random
        return rng.uniform(0, min(FIRST_CHECK_MAX_DELAY, self.interval))

    def start(self) -> None:
        def loop() -> None:
            delay = self.first_delay()
            while not self._stop.wait(delay):
                try:
                    self.check_now()
                except Exception:  # noqa: BLE001 - the schedule must outlive any one failure
                    log.exception("rules check failed unexpectedly")
                delay = self.next_delay()

        self._thread = threading.Thread(target=loop, name="rules-fetcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    # -- reporting ----------------------------------------------------------------------------
    def summary(self) -> dict:
        st = self._shown
        return {"source": self.source, "kind": self.kind, "version": st.version, "checked_at": st.checked_at,
                "changed_at": st.changed_at, "last_result": st.last_result, "last_error": st.last_error,
                "from_bundled": st.from_bundled}

    def problem(self) -> str | None:
        """A reason for /v1/health when the district's newest rules were refused (not offline)."""
        st = self._shown
        if st.last_result == "refused":
            return f"the district's new rules were refused ({st.last_error}); the cached rules are in use"
        return None
