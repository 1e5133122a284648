"""The add page's work: fetch what the user pasted, store it, group it into stories, brief them.

One job at a time, on a background thread, because the store has one writer: a second request
while one runs is told to wait. The job writes through its own ``Store`` (``BEGIN IMMEDIATE``
transactions), so the pages keep reading while it works. Its progress lines are what the
``synopsis add`` / ``stories`` commands print, kept in memory for the progress page to poll.

URLs go through :func:`synopsis.sources.add_inputs`, the CLI's path, with
``FetchSettings(refuse_private=True)`` unless the app was started with ``--allow-private``:
each pasted URL is checked first (:func:`~synopsis.web.security.fetch_target_problem`, a clear
message at once), and every connection the fetcher opens is checked again at the socket.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

#: Most inputs one form may hold.
MAX_INPUTS = 50
#: Finished jobs kept for their progress pages.
KEEP_JOBS = 20


@dataclass
class Job:
    id: str
    inputs: list[str]
    group: bool
    state: str = "queued"  # queued, running, done, failed
    lines: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    summary: str = ""
    stories: list[str] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)
    error: str | None = None
    started: float = field(default_factory=time.time)
    finished: float | None = None

    @property
    def running(self) -> bool:
        return self.state in ("queued", "running")

    def say(self, line: str) -> None:
        if not self.lines or self.lines[-1] != line:
            self.lines.append(line)
            del self.lines[:-200]


def parse_inputs(text: str) -> list[str]:
    """One URL a line (blank lines and ``#`` comments skipped; spaces also separate URLs)."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out.extend(line.split())
    return list(dict.fromkeys(out))


class Jobs:
    """The app's add jobs (one runs at a time)."""

    def __init__(self, store_path: Path, *, allow_private: bool = False, outlets=None, fetch_settings=None) -> None:
        self.store_path = Path(store_path)
        self.allow_private = allow_private
        self.outlets = outlets
        self.fetch_settings = fetch_settings  # tests pass fast settings; default FetchSettings()
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def busy(self) -> Job | None:
        with self._lock:
            return next((j for j in self._jobs.values() if j.running), None)

    def start(self, inputs: list[str], *, group: bool = True) -> Job:
        """Check the inputs and start a job; raises ValueError with a message when none can start."""
        from .security import fetch_target_problem

        if not inputs:
            raise ValueError("paste at least one URL of an article, a feed or a sitemap")
        if len(inputs) > MAX_INPUTS:
            raise ValueError(f"{len(inputs)} inputs: at most {MAX_INPUTS} at once (or use `synopsis add` / `collect`)")
        job = Job(secrets.token_urlsafe(9), [], group)
        for item in inputs:
            problem = fetch_target_problem(item, allow_private=self.allow_private)
            if problem:
                job.refused.append((item, problem))
            else:
                job.inputs.append(item)
        with self._lock:
            if any(j.running for j in self._jobs.values()):
                raise RuntimeError("another add is running: wait for it to finish")
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if not j.running]
            for old in sorted(finished, key=lambda j: j.started)[:-KEEP_JOBS]:
                self._jobs.pop(old.id, None)
        if not job.inputs:
            job.state, job.finished = "failed", time.time()
            job.error = "nothing to fetch: every input was refused"
            return job
        threading.Thread(target=self._run, args=(job,), name=f"synopsis-add-{job.id}", daemon=True).start()
        return job

    def _run(self, job: Job) -> None:
        from dataclasses import replace

        from ..errors import SynopsisError
        from ..sources.add import add_inputs
        from ..sources.fetch import FetchSettings
        from ..sources.outlets import OutletBook
        from ..store import Store
        from ..store.library import update_stories

        job.state = "running"
        settings = replace(self.fetch_settings or FetchSettings(), refuse_private=not self.allow_private)
        try:
            with Store(self.store_path) as store:
                job.say(f"fetching {len(job.inputs)} input(s)")
                result = add_inputs(store, job.inputs, settings, outlets=self.outlets or OutletBook(), report=job.say)
                job.failed = list(result.failed)
                job.articles = list(result.articles)
                job.summary = result.summary()
                job.say(job.summary)
                if job.group and (result.new or result.copies or result.updated):
                    run = update_stories(store, report=job.say)
                    job.stories = [s.id for s in run.stories]
                    for error in run.errors:
                        job.say(f"no brief for story {error}")
                    job.say(f"{run.grouped} new articles -> {len(run.stories)} stories touched, "
                            f"{len(run.briefed)} briefed")
            job.state = "done"
        except SynopsisError as err:
            job.state, job.error = "failed", str(err)
        except Exception as err:  # shown on the progress page rather than lost in a thread
            job.state, job.error = "failed", f"internal error: {type(err).__name__}: {err}"
        finally:
            job.finished = time.time()
