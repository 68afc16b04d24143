"""Server memory under sustained use: sessions that step, upload, remove, download and leave, for minutes.

Run: .venv/bin/python bench/soak.py                        (8 sessions, 30 minutes; writes its section of
                                                            bench/results.md)
     .venv/bin/python bench/soak.py --minutes 5 --no-write  (to try it out)

Eight browser sessions are open at once, each in its own Chromium context. They take turns, one action
each: open the page, upload a records file and its citations (20,000 records, the most a session may
add), step to the next change, download the records in view, remove both files, step again, close.
Every other session skips the removal and closes with its files uploaded, as a reader closing the tab.
A closed session is replaced by a new one, so sessions keep ending as they do on a server in use. The
server's resident memory is read from /proc every `--sample` seconds. The figures that matter: the
growth after warm-up (the median of the last window of samples against the first), and what is left
once every session has closed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from results_sections import replace_section  # noqa: E402  (bench/results_sections.py)
from run import FIXTURES, RESULTS, rss_mb, streamlit_server  # noqa: E402  (bench/run.py)
from soak_data import write_upload  # noqa: E402

from dashboard.i18n import t  # noqa: E402
from dashboard.io import load_dataset  # noqa: E402
from dashboard.paths import data_root  # noqa: E402
from dashboard.uploads import MAX_UPLOAD_RECORDS  # noqa: E402

APP = ROOT / "dashboard" / "app.py"
ACTIONS = ("open", "upload", "step", "download", "remove", "step", "close")
# Half the sessions close with their files still uploaded, as a reader who just closes the tab does.
ACTIONS_KEEPING = ("open", "upload", "step", "download", "step", "close")
ACTION_TIMEOUT_MS = 180_000
DOWNLOAD_ATTEMPTS, DOWNLOAD_WAIT_MS = 4, 20_000
# Streamlit keeps a closed session 2 minutes for reconnecting; the sweeper (page/data.py, every 30 s) then
# lets go of what it kept.
CLOSED_WAIT_S = 180


@dataclass
class Slot:
    """One of the sessions open at once: its browser context, and the action it takes next."""

    number: int
    context: object = None
    page: object = None
    next_action: int = 0
    sessions: int = 0

    @property
    def actions(self) -> tuple[str, ...]:
        return ACTIONS_KEEPING if self.number % 2 else ACTIONS


@dataclass
class Soak:
    url: str
    files: dict[str, Path]
    rows: int
    browser: object
    done: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))
    errors: list[str] = field(default_factory=list)
    download_retries: int = 0

    def act(self, slot: Slot) -> None:
        actions = slot.actions
        action = actions[slot.next_action]
        try:
            getattr(self, action)(slot)
            self.done[action] += 1
        except Exception as error:  # counted and reported; the session is replaced
            self.errors.append(f"session {slot.number}, {action}: {str(error).splitlines()[0][:200]}")
            self.close(slot)
            slot.next_action = 0
            return
        slot.next_action = (slot.next_action + 1) % len(actions)

    def open(self, slot: Slot) -> None:
        slot.context = self.browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        slot.context.route(
            "**/*", lambda route: route.continue_() if FIXTURES.is_local(route.request.url) else route.abort()
        )
        slot.page = slot.context.new_page()
        slot.page.set_default_timeout(ACTION_TIMEOUT_MS)
        slot.page.goto(self.url + "?date=2020-01-01")
        slot.page.wait_for_selector('.posture-scrubber[data-map-drawn="true"]')
        slot.sessions += 1

    def upload(self, slot: Slot) -> None:
        page = slot.page
        page.get_by_text("Add your own records").click()
        inputs = page.locator('[data-testid="stFileUploader"] input[type="file"]')
        inputs.nth(1).set_input_files(str(self.files["citations"]))
        inputs.nth(0).set_input_files(str(self.files["records"]))
        page.get_by_text(t("upload_active", "en", n=self.rows)).wait_for()

    def step(self, slot: Slot) -> None:
        page = slot.page
        before = page.get_attribute("#asof", "data-date")
        page.get_by_role("button", name=t("next", "en")).click()
        page.wait_for_function(
            "before => document.querySelector('#asof').dataset.date !== before", arg=before, polling=100
        )

    def download(self, slot: Slot) -> None:
        page = slot.page
        settle(page)
        page.get_by_role("tab", name=t("downloads", "en")).click()
        # A press that gives no file is pressed again, as a reader would, and counted. Streamlit dropped a
        # pressed download's builder or file at the end of other runs (2 to 10 such presses a soak);
        # page/download_grace.py keeps them a minute, and the count is what shows it holds.
        for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
            try:
                with page.expect_download(timeout=DOWNLOAD_WAIT_MS) as started:
                    page.get_by_role("button", name=t("download_csv", "en")).click()
                break
            except PlaywrightTimeout:
                if attempt == DOWNLOAD_ATTEMPTS:
                    raise
                self.download_retries += 1
                settle(page)
        if started.value.failure():
            raise RuntimeError(f"download failed: {started.value.failure()}")

    def remove(self, slot: Slot) -> None:
        page = slot.page
        settle(page)
        for name in ("records.csv", "citations.csv"):
            page.get_by_role("button", name=f"Remove {name}").click()
        page.wait_for_function("() => !document.body.innerText.includes('user-supplied record')", polling=200)

    def close(self, slot: Slot) -> None:
        if slot.context is not None:
            slot.context.close()
        slot.context = slot.page = None


def settle(page) -> None:
    """Until the page's run has ended: no running indicator and no stale element, twice 2 s apart (the
    indicator shows only some time into a run)."""
    for _ in range(2):
        page.wait_for_function(
            """() => !document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]')""", polling=200
        )
        page.wait_for_timeout(2000)


def sample_memory(pid: int, every: float, stop: threading.Event, samples: list[tuple[float, float]]) -> None:
    started = time.monotonic()
    while True:
        samples.append((time.monotonic() - started, rss_mb(pid)))
        if stop.wait(every):
            return


def growth(samples: list[tuple[float, float]], warmup_s: float, window_s: float) -> tuple[float, float, float]:
    """(median RSS of the first window after warm-up, of the last window, growth between them in %).

    Windows, not single samples: RSS swings with how many sessions hold an upload at that moment (eight
    20,000-record uploads are about 1.2 GB), so a trend shows in medians over whole cycles."""
    after = [(at, rss) for at, rss in samples if at >= warmup_s]
    first = [rss for at, rss in after if at < warmup_s + window_s]
    last = [rss for at, rss in after if at >= after[-1][0] - window_s] if after else []
    if not first or not last:
        raise SystemExit("too few samples after warm-up: run longer or sample more often")
    base, end = statistics.median(first), statistics.median(last)
    return base, end, 100 * (end - base) / base


def window_medians(samples: list[tuple[float, float]], window_s: float) -> list[float]:
    """The median RSS of each whole window of the run, from its start (a last part window is left out)."""
    windows: dict[int, list[float]] = {}
    whole = int(samples[-1][0] // window_s) if samples else 0
    for at, rss in samples:
        if int(at // window_s) < whole:
            windows.setdefault(int(at // window_s), []).append(rss)
    return [statistics.median(values) for values in windows.values()]


def per_minute(samples: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The first sample of each whole minute of the run."""
    shown: dict[int, tuple[float, float]] = {}
    for at, rss in samples:
        shown.setdefault(int(at // 60), (at, rss))
    return list(shown.values())


def report(args, samples, soak: Soak, base: float, end: float, percent: float, when: str, closed: tuple) -> str:
    lines = [
        "## Soak: server memory under sustained use",
        "",
        f"`bench/soak.py --sessions {args.sessions} --minutes {args.minutes:g}` on {when}: {args.sessions} sessions "
        f"open at once, each in turn opening the page, uploading {soak.rows:,} records with their citations, "
        "stepping, downloading the records in view, removing the files (every other session does not), stepping "
        "and closing; a closed session is replaced by a new one.",
        "",
        f"- Sessions opened: {soak.done['open']:,}; uploads {soak.done['upload']:,}; downloads "
        f"{soak.done['download']:,} (presses that did nothing and were repeated: {soak.download_retries}); removals {soak.done['remove']:,}; steps {soak.done['step']:,}; "
        f"failed actions {len(soak.errors)}.",
        f"- Server RSS, read every {args.sample:g} s; median over the first {args.window:g} minutes after warm-up ({args.warmup:g} min): "
        f"{base:.0f} MB; over the last {args.window:g} minutes: {end:.0f} MB; **growth {percent:+.1f}%** "
        "(target: under 10%).",
        f"- Once every session had closed, {CLOSED_WAIT_S} s later (past Streamlit's 2 minutes for a closed "
        f"session and the sweeper's 30 s): {closed[1]:.0f} MB, against {closed[0]:.0f} MB after the first page was drawn, before any upload.",
        f"- Medians of each {args.window:g}-minute window, in order (RSS swings with how many sessions hold an "
        f"upload at that moment; a trend shows here): {', '.join(f'{m:.0f}' for m in window_medians(samples, 60 * args.window))} MB.",
        "",
        "The first reading of each minute (the windows use every reading):",
        "",
        "| minute | server RSS (MB) |",
        "|---:|---:|",
    ]
    lines += [f"| {at / 60:.1f} | {rss:.0f} |" for at, rss in per_minute(samples)]
    if soak.errors:
        lines += ["", "Failed actions (first five):", ""] + [f"- {error}" for error in soak.errors[:5]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=8, help="sessions open at once (default 8)")
    parser.add_argument("--minutes", type=float, default=30, help="how long (default 30)")
    # Ten minutes: the sessions start in step (all uploading at once) and take about that long to fall
    # out of step; before, the memory follows their common phase (bench/results.md, "Soak").
    parser.add_argument("--warmup", type=float, default=10, help="minutes before growth is counted (default 10)")
    parser.add_argument("--window", type=float, default=5, help="minutes per window of medians (default 5)")
    # Every 10 s: RSS swings by a gigabyte within a minute as sessions upload and leave, and a 5-minute
    # window of minute samples (five of them) gave medians that hung on which phase each sample caught.
    parser.add_argument("--sample", type=float, default=10, help="seconds between memory samples (default 10)")
    parser.add_argument(
        "--rows", type=int, default=MAX_UPLOAD_RECORDS, help=f"records per upload (default {MAX_UPLOAD_RECORDS:,})"
    )
    parser.add_argument("--no-write", action="store_true", help=f"print only; leave {RESULTS.name} as it is")
    args = parser.parse_args()
    chromium = FIXTURES.find_chromium()
    if chromium is None:
        raise SystemExit("no Chromium found; install Debian's chromium package (or set CHROMIUM_PATH)")
    work = Path(tempfile.mkdtemp(prefix="posture-soak-"))
    files = write_upload(work / "upload", load_dataset(data_root(), dt.date.today()), args.rows)

    from playwright.sync_api import sync_playwright

    samples: list[tuple[float, float]] = []
    stop = threading.Event()
    with sync_playwright() as playwright, streamlit_server(APP, None, work) as server:
        browser = playwright.chromium.launch(executable_path=chromium, args=FIXTURES.CHROMIUM_ARGS)
        soak = Soak(server.url, files, args.rows, browser)
        sampler = threading.Thread(target=sample_memory, args=(server.process.pid, args.sample, stop, samples))
        sampler.start()
        slots = [Slot(n) for n in range(args.sessions)]
        soak.act(slots[0])  # the first page, drawn before any upload: the server's own size
        first_drawn = rss_mb(server.process.pid)
        deadline = time.monotonic() + 60 * args.minutes
        try:
            while time.monotonic() < deadline:
                for slot in slots:
                    soak.act(slot)
                print(
                    f"{(60 * args.minutes - (deadline - time.monotonic())) / 60:5.1f} min  "
                    f"RSS {samples[-1][1]:6.0f} MB  {soak.done}  errors {len(soak.errors)}",
                    flush=True,
                )
        finally:
            for slot in slots:
                soak.close(slot)
            # A last sample after every session has closed and Streamlit's disconnected-session time
            # (2 minutes) has passed: what a closed session leaves behind.
            stop.set()  # the windows are of the run itself; what is left after it is read once, below
            sampler.join()
            time.sleep(CLOSED_WAIT_S)
            closed = (first_drawn, rss_mb(server.process.pid))
            browser.close()
    base, end, percent = growth(samples, 60 * args.warmup, 60 * args.window)
    text = report(args, samples, soak, base, end, percent, dt.date.today().isoformat(), closed)
    print(text)
    if not args.no_write:
        replace_section(RESULTS, "soak", text)
        print(f"\nwrote the soak section of {RESULTS}")


if __name__ == "__main__":
    main()
