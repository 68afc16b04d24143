"""Heavy downloads (GIF, PNG, decks, the one-file map, GeoPackage, KML) built in worker processes.

Built inside the server, one GIF held the interpreter for seconds while every other reader's step
waited (issue 22: a step's p95 went from 144 ms to 1.1 s), six at once took the server from 341 MB to
1.9 GB and it never came back, and a reader could neither see how far a build was nor stop it. Here:

- at most one build per core runs at once, each in a worker process (pebble's pool) that ends after
  its build, so the memory the build used goes back to the system with the process;
- workers run only when nothing else wants the processor (`lower_priority`), so readers' steps come first;
- a build reports its progress through a small file of two numbers, and can be cancelled, queued or
  running (pebble ends the worker);
- what is sent to the worker is the dataset and the request, never the page or the session.

The worker prepares the dataset again (0.2 s on the shipped data): prepared data holds read-only
mappings, which do not pickle, and the dataset pickles to about 1 MB.
"""

from __future__ import annotations

import atexit
import datetime as dt
import multiprocessing
import os
import tempfile
import threading
import uuid
import weakref
from collections.abc import Callable
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pebble

from dashboard.io import Dataset
from dashboard.selection import Selection

WORKER_NICENESS = 19  # the lowest priority: readers' steps, in the server process and their browsers, come first
KINDS = ("png", "gif", "deck", "story_deck", "standalone", "gpkg", "kml")


@dataclass(frozen=True)
class BuildRequest:
    """What to build: the kind, the data (the shipped or a session's merged dataset) and the view."""

    kind: str
    dataset: Dataset = field(repr=False, compare=False)
    today: dt.date
    selection: Selection
    dates: tuple[dt.date, ...] = ()  # the GIF's frames, the deck's slides

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown build kind {self.kind!r}; one of {', '.join(KINDS)}")


def build(request: BuildRequest, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The file's bytes, built here (the worker calls this; so can a test or a command)."""
    from dashboard import export, slides
    from dashboard.deck import build_deck, story_chapters
    from dashboard.prepared import prepare
    from dashboard.standalone import standalone_html

    data, selection = prepare(request.dataset, request.today), request.selection
    kind = request.kind
    if kind == "png":
        return slides.render_slide(data, selection)
    if kind == "gif":
        return slides.render_animation(data, request.dates, selection, progress)
    if kind == "deck":
        return build_deck(data, request.dates, selection, progress=progress)
    if kind == "story_deck":
        chapters = story_chapters(data.dataset.story, selection.lang)
        return build_deck(data, (), selection, chapters, progress=progress)
    if kind == "standalone":
        return standalone_html(data, selection).encode("utf-8")
    if kind == "gpkg":
        return export.gpkg_bytes(data, selection)
    return export.kml_text(data, selection).encode("utf-8")


def _work(request: BuildRequest, progress_path: str) -> bytes:
    """In the worker: lower its priority, build, and write progress as it goes."""
    lower_priority()
    return build(request, lambda done, total: write_progress(Path(progress_path), done, total))


def lower_priority() -> None:
    """Run this process only when nothing else wants the processor (Linux's SCHED_IDLE), else at the
    lowest nice level. With nice alone, a reader's step p95 while six builds ran was 1.65 to 1.72 times
    its idle p95 (bench/stall.py): the builds still took a share of both cores."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        return
    except (AttributeError, OSError):
        pass
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        pass


def write_progress(path: Path, done: int, total: int) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(f"{done} {total}", encoding="ascii")
    os.replace(partial, path)  # the page never reads half a line


def read_progress(path: Path) -> tuple[int, int]:
    """(done, total); (0, 0) before the first report, or for a build that reports none."""
    try:
        done, total = path.read_text(encoding="ascii").split()
        return int(done), int(total)
    except (OSError, ValueError):
        return 0, 0


@dataclass(frozen=True)
class BuildState:
    phase: Literal["queued", "running", "done", "failed", "cancelled"]
    ahead: int = 0  # queued: builds submitted earlier that have not started
    done: int = 0  # running: progress reported so far, of `total` (0: not reported)
    total: int = 0
    result: bytes | None = None
    error: str = ""


class Build:
    """A handle on one submitted build."""

    def __init__(self, pool: BuildPool, future, progress_path: Path):
        # Not the request: it holds the dataset, which the handle must not keep once the worker has it.
        self._pool, self._future, self._progress = pool, future, progress_path
        self.number = pool._next_number()

    def state(self) -> BuildState:
        future = self._future
        if future.cancelled():
            return BuildState("cancelled")
        if future.done():
            try:
                return BuildState("done", result=future.result())
            except CancelledError:
                return BuildState("cancelled")
            except Exception as error:  # a build that failed says why, instead of vanishing
                return BuildState("failed", error=f"{type(error).__name__}: {error}")
        if not future.running():
            return BuildState("queued", ahead=self._pool.ahead_of(self))
        done, total = read_progress(self._progress)
        return BuildState("running", done=done, total=total)

    def cancel(self) -> None:
        """Stop it: taken off the queue, or its worker ended."""
        self._future.cancel()

    def running_or_queued(self) -> bool:
        return not self._future.done()


WORKERS_ENV_VAR = "POSTURE_BUILD_WORKERS"


def workers_wanted(environ=os.environ) -> int:
    """How many builds run at once: $POSTURE_BUILD_WORKERS if set to a whole number of at least 1, else one
    per core."""
    value = environ.get(WORKERS_ENV_VAR, "").strip()
    if value.isascii() and value.isdigit() and int(value) >= 1:
        return int(value)
    return os.cpu_count() or 1


class BuildPool:
    """At most `workers` builds at once (default: one per core), each in a worker process that ends after it."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or workers_wanted()
        # forkserver: the worker is forked from a clean process that never ran the server's threads, and
        # has the build modules imported once, so a worker starts in a fraction of a second.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["dashboard.builds", "dashboard.slides", "dashboard.deck"])
        # The worker lowers its priority as it starts, before it is handed its build: the build's data
        # (about 1 MB pickled) was read back at the normal priority, beside the server.
        self._pool = pebble.ProcessPool(
            max_workers=self.workers, max_tasks=1, initializer=lower_priority, context=context
        )
        self._folder = Path(tempfile.mkdtemp(prefix="posture-builds-"))  # private (0700): progress files only
        # Held weakly: a finished build's file goes with the session's last reference to it, not with the
        # next submit.
        self._builds: weakref.WeakSet[Build] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._count = 0
        atexit.register(self.close)

    def _next_number(self) -> int:
        with self._lock:
            self._count += 1
            return self._count

    def submit(self, request: BuildRequest) -> Build:
        progress = self._folder / f"{uuid.uuid4().hex}.progress"
        future = self._pool.schedule(_work, args=(request, str(progress)))
        handle = Build(self, future, progress)
        with self._lock:
            self._builds.add(handle)
        future.add_done_callback(lambda _: progress.unlink(missing_ok=True))
        return handle

    def ahead_of(self, build: Build) -> int:
        """How many builds submitted before `build` wait for a worker too, plus those running if all
        workers are busy: the number the reader waits behind."""
        with self._lock:
            earlier = [b for b in list(self._builds) if b.number < build.number and b.running_or_queued()]
        return len(earlier)

    def close(self) -> None:
        self._pool.stop()
        self._pool.join(timeout=5)
        for path in self._folder.glob("*"):
            path.unlink(missing_ok=True)
        try:
            self._folder.rmdir()
        except OSError:
            pass
