"""A reader's steps while other sessions build heavy downloads (GIFs, decks, slides, GIS files).

Run: .venv/bin/python bench/stall.py              (about 5 minutes; writes its section of bench/results.md)
     .venv/bin/python bench/stall.py --no-write   (print only)

One reader steps through the shipped data with Next and Previous, timed in the page as bench/run.py
times a step: click to the date and every site's status drawn (the map, which the browser moves itself
since issue 18), and click to the server's end of the run the step asks for (the page: heading, panels,
tables, URL, which is where the server's load shows). First with nothing else running, then
while `--builders` other sessions have pressed every heavy download at once, so the build pool (one
worker per core) is busy all through the second series. The server's resident memory is read before
the builds, at their peak, and after they end, with the workers' memory beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from results_sections import replace_section  # noqa: E402
from run import (  # noqa: E402  (bench/run.py: the server, the instrumented tab and the walk)
    APP,
    FIXTURES,
    RESULTS,
    Config,
    Step,
    Tab,
    Walk,
    dashboard_want,
    load_config,
    median,
    percentile,
    rss_mb,
    streamlit_server,
)

from dashboard.builds import workers_wanted  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from dashboard.page.downloads import HEAVY  # noqa: E402

BUILD_TIMEOUT_MS = 600_000


def children_rss_mb(pid: int) -> float:
    """Resident memory of every descendant of `pid` (the build workers and their fork server)."""
    total = 0.0
    for child in Path("/proc").glob("[0-9]*"):
        try:
            fields = (child / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            total += rss_mb(int(child.name)) + children_rss_mb(int(child.name))
    return total


def step_series(tab: Tab, config: Config, walk: Walk, steps: int, rng: random.Random) -> list[Step]:
    taken = []
    for _ in range(steps):
        button, target = walk.upcoming()
        taken.append(tab.step(button, dashboard_want(config, walk.day, target, rng)))
        walk.day = target
    return taken


def times_rows(name: str, idle: list[float], busy: list[float], busy_name: str = "builds running") -> list[str]:
    """The table's rows for one measure: idle, busy (`busy_name`), and their ratio."""
    p95_idle, p95_busy = percentile(idle, 0.95), percentile(busy, 0.95)
    return [
        f"| {name}: idle | {median(idle):.0f} | {p95_idle:.0f} |",
        f"| {name}: {busy_name} | {median(busy):.0f} | {p95_busy:.0f} |",
        f"| {name}: ratio | {median(busy) / median(idle):.2f}× | **{p95_busy / p95_idle:.2f}×** (target ≤ 1.5×) |",
    ]


SPIN = (
    "import os\n"
    "os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))\n"
    "os.nice(19)\n"
    "while True:\n"
    "    sum(range(100_000))\n"
)


def spinner() -> subprocess.Popen:
    """A process that keeps one core busy at the build workers' priority (dashboard/builds.py)."""
    return subprocess.Popen([sys.executable, "-c", SPIN])


def sent_ms(*series: list[Step]) -> list[list[float]]:
    """Click to the rerun request leaving the page (the reader's browser), per series."""
    return [[s.send_ms for s in steps if s.send_ms is not None] for steps in series]


def served_ms(*series: list[Step]) -> list[list[float]]:
    """The rerun request leaving the page to the server's end of the run arriving (the server, and the
    page taking the messages in), per series."""
    return [[s.finished_ms - s.send_ms for s in steps if s.send_ms is not None] for steps in series]


def press_every_heavy_download(tab: Tab) -> int:
    """In a builder's tab: open Downloads and press every heavy download's button; returns how many."""
    page = tab.page
    page.get_by_role("tab", name=t("downloads", "en")).click()
    pressed = 0
    for key in HEAVY:
        button = page.locator(f".st-key-build_{key} button")
        if button.count():
            button.click()
            pressed += 1
            page.locator(f".st-key-build_{key}").wait_for(state="detached")  # the progress took its place
    return pressed


BUILDERS_BROWSER = {
    "idle": "The builders' pages ran in a Chromium of their own at the lowest priority (`--builders-browser "
    "idle`): on a served dashboard, other readers' browsers run on their own machines, and the figure is the "
    "server's load alone, not the builders' page rendering on the reader's two cores.",
    "shared": "The builders' pages ran in the reader's own Chromium, at its priority (`--builders-browser "
    "shared`): the figure carries their page rendering on the same two cores as well as the server's load.",
}


def idle_chromium(chromium: str, folder: Path) -> Path:
    """A launcher that starts `chromium` at the lowest scheduling priority (Linux SCHED_IDLE, and nice 19
    where that is refused); its processes inherit it."""
    launcher = folder / "chromium-idle"
    launcher.write_text(
        "#!/bin/sh\n"
        f'chrt --idle 0 true 2>/dev/null && exec chrt --idle 0 nice -n 19 "{chromium}" "$@"\n'
        f'exec nice -n 19 "{chromium}" "$@"\n'
    )
    launcher.chmod(0o700)
    return launcher


def builds_running(tabs: list[Tab]) -> int:
    return sum(tab.page.locator('[data-testid="stProgress"]').count() for tab in tabs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=30, help="measured steps in each series (default 30)")
    parser.add_argument("--builders", type=int, default=3, help="sessions pressing every heavy download (default 3)")
    parser.add_argument(
        "--builders-browser",
        choices=("idle", "shared"),
        default="idle",
        help="idle (default): the builders' pages in a Chromium of their own at the lowest priority, as on their "
        "readers' own machines; shared: in the reader's Chromium, at its priority",
    )
    parser.add_argument("--no-write", action="store_true", help=f"print only; leave {RESULTS.name} as it is")
    args = parser.parse_args()
    chromium = FIXTURES.find_chromium()
    if chromium is None:
        raise SystemExit("no Chromium found; install Debian's chromium package (or set CHROMIUM_PATH)")
    config = Config("shipped", "shipped data", None)
    load_config(config)
    changes = config.index.change_dates()
    start = changes[len(changes) // 2]
    work = Path(tempfile.mkdtemp(prefix="posture-stall-"))
    rng = random.Random(1)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, streamlit_server(APP, None, work) as server:
        browser = playwright.chromium.launch(executable_path=chromium, args=FIXTURES.CHROMIUM_ARGS)
        pid = server.process.pid
        url = f"{server.url}?date={start.isoformat()}"
        reader = Tab(browser)
        reader.open_map(url, config.n_sites)
        walk = Walk(config.index, start)
        step_series(reader, config, walk, 3, rng)  # warm-up
        idle = step_series(reader, config, walk, args.steps, rng)
        rss_idle = rss_mb(pid)

        builders_browser = browser
        if args.builders_browser == "idle":
            builders_browser = playwright.chromium.launch(
                executable_path=str(idle_chromium(chromium, work)), args=FIXTURES.CHROMIUM_ARGS
            )
        builders = [Tab(builders_browser) for _ in range(args.builders)]
        pressed = 0
        for number, tab in enumerate(builders):
            day = changes[(len(changes) // 3 + 7 * number) % len(changes)]  # each its own view: its own builds
            tab.open_map(f"{server.url}?date={day.isoformat()}", config.n_sites)
            pressed += press_every_heavy_download(tab)
        started = time.monotonic()
        busy, peak, peak_workers, overlapped = [], rss_mb(pid), children_rss_mb(pid), 0
        for _ in range(args.steps):
            running = builds_running(builders)
            busy += step_series(reader, config, walk, 1, rng)
            overlapped += running > 0 and builds_running(builders) > 0
            peak, peak_workers = max(peak, rss_mb(pid)), max(peak_workers, children_rss_mb(pid))
        for tab in builders:  # every build ends (a Save button each) before memory is read again
            tab.page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stProgress\"]')", timeout=BUILD_TIMEOUT_MS, polling=500
            )
        built_s = time.monotonic() - started
        saves = sum(tab.page.get_by_role("button", name="Save ").count() for tab in builders)
        time.sleep(5)  # the ended workers' memory is handed back by the kernel
        rss_after, workers_after = rss_mb(pid), children_rss_mb(pid)
        # The control: the same steps with only busy processes at the builds' priority, as many as the
        # pool has workers, and no build at all. What the machine itself costs a reader when its cores are
        # busy, whatever the server does.
        spinners = [spinner() for _ in range(workers_wanted())]
        try:
            control = step_series(reader, config, walk, args.steps, rng)
        finally:
            for process in spinners:
                process.kill()
                process.wait()
        if builders_browser is not browser:
            builders_browser.close()
        browser.close()

    text = "\n".join(
        [
            "## Stall: a reader's steps while others build heavy downloads",
            "",
            f"`bench/stall.py --steps {args.steps} --builders {args.builders}` on {dt.date.today().isoformat()}: "
            f"one reader steps {args.steps} times idle, then {args.steps} times while {args.builders} other sessions "
            f"have pressed every heavy download ({pressed} builds, {saves} delivered, all ended "
            f"{built_s:.0f} s after the first press; {overlapped} of the {args.steps} busy steps had builds "
            "running before and after them). Timed in the page from the click: to the map drawn (the browser "
            "moves it), and to the end of the server's run for the step (the rest of the page). "
            + BUILDERS_BROWSER[args.builders_browser],
            "",
            "| | median (ms) | p95 (ms) |",
            "|---|---:|---:|",
            *times_rows("map", [s.update_ms for s in idle], [s.update_ms for s in busy]),
            *times_rows("page (server's run)", [s.finished_ms for s in idle], [s.finished_ms for s in busy]),
            *times_rows("of which: click to request sent", *sent_ms(idle, busy)),
            *times_rows("of which: request to the run's end", *served_ms(idle, busy)),
            *times_rows(
                "control: page (server's run)",
                [s.finished_ms for s in idle],
                [s.finished_ms for s in control],
                f"no build, {len(spinners)} busy processes at the workers' priority",
            ),
            "",
            "Control: after the builds, the same steps again with no build running, while as many processes "
            "as the pool has workers keep the cores busy at the workers' priority (SCHED_IDLE, nice 19). "
            "Its ratio is what busy cores alone cost a reader on this machine, whatever the server does.",
            "",
            f"Server RSS: {rss_idle:.0f} MB before the builds, at most {peak:.0f} MB while they ran (the workers "
            f"at most {peak_workers:.0f} MB together, in their own processes), {rss_after:.0f} MB after "
            f"(workers then: {workers_after:.0f} MB).",
        ]
    )
    print(text)
    if not args.no_write:
        replace_section(RESULTS, "stall", text)
        print(f"\nwrote the stall section of {RESULTS}")


if __name__ == "__main__":
    main()
