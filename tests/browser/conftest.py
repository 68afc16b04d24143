"""Fixtures for tests that drive a real Chromium against a real Streamlit server.

Chromium: Debian's /usr/bin/chromium, launched through Playwright. Without it the
browser tests are skipped, except under CI=true, where a missing browser is a failure.
Servers: each app script runs as `streamlit run` on a free localhost port, is awaited by
polling its health endpoint, and is stopped after the tests that use it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from frames import DASHBOARD

ROOT = Path(__file__).resolve().parents[2]
APPS = Path(__file__).resolve().parent / "apps"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
SERVER_START_SECONDS = 60
WAIT_MS = 30_000


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = (
            "no Chromium found (looked at $CHROMIUM_PATH, "
            + ", ".join(CHROMIUM_CANDIDATES)
            + " and PATH); install Debian's chromium package to run the browser tests"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


class StreamlitServer:
    """`streamlit run <script>` on a free localhost port; the dashboard itself through its launcher
    (`python -m dashboard.launch`), with a run folder of its own, as `make run` starts it."""

    def __init__(self, script: Path, log_path: Path, env: dict | None = None, plain: bool = False):
        self.script = script
        self.plain = plain  # `streamlit run <script>` as a Streamlit user types it, from the repository root
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = log_path
        self.env = env or {}
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        options = [
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(self.port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ]
        if self.plain:
            command = [sys.executable, "-m", "streamlit", "run", str(self.script.relative_to(ROOT)), *options]
            env = {"POSTURE_RUN_DIR": str(self.log_path.parent / "run")}
        elif self.script == DASHBOARD:
            command = [sys.executable, "-m", "dashboard.launch", *options]
            env = {"POSTURE_RUN_DIR": str(self.log_path.parent / "run")}
        else:
            command = [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(self.script),
                *options,
                "--server.enableStaticServing",
                "true",
                "--server.fileWatcherType",
                "none",
            ]
            env = {}
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, env=os.environ | env | self.env
        )
        # Poll the health endpoint; waiting on the process between polls both paces the
        # loop and notices at once if the server died.
        for _ in range(SERVER_START_SECONDS * 10):
            if _healthy(self.url):
                return
            try:
                self.process.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                continue
            break
        self.stop()
        raise RuntimeError(f"streamlit did not come up for {self.script}:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()


@pytest.fixture(scope="session")
def start_streamlit(tmp_path_factory):
    """start_streamlit(script, plain=False, **env) -> StreamlitServer, one per (script, plain, env), stopped
    at the end of the session. `env` adds environment variables, e.g. POSTURE_ROOT for another dataset;
    `plain` starts the script with a bare `streamlit run` from the repository root."""
    servers: dict[tuple, StreamlitServer] = {}

    def start(script: Path, plain: bool = False, **env: str) -> StreamlitServer:
        script = Path(script).resolve()
        key = (script, plain, tuple(sorted(env.items())))
        if key not in servers:
            server = StreamlitServer(script, tmp_path_factory.mktemp("streamlit") / "server.log", env, plain)
            server.start()
            servers[key] = server
        return servers[key]

    yield start
    for server in servers.values():
        server.stop()


@pytest.fixture
def page(browser):
    """A fresh browser tab that records every request it makes, from every frame.

    Requests to anything but localhost are recorded and then aborted, so a test run
    never reaches the internet even when the code under test tries to.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    tab.requests = []
    tab.dialogs = []
    tab.errors = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))

    def on_dialog(dialog):
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    context.route(
        "**/*",
        lambda route: route.continue_() if is_local(route.request.url) else route.abort(),
    )
    tab.set_default_timeout(WAIT_MS)
    yield tab
    context.close()


def is_local(url: str) -> bool:
    """True for URLs served by this machine, or that need no network at all."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in LOCAL_HOSTS


def _wait_until(target, expression: str, arg=None, timeout: float = WAIT_MS):
    return target.wait_for_function(expression, arg=arg, timeout=timeout, polling="raf")


@pytest.fixture(scope="session")
def wait_until():
    """wait_until(page_or_frame, "js function of arg", arg): wait until it is truthy.

    The only way these tests wait: for a condition in the browser, never for a time.
    """
    return _wait_until


@pytest.fixture(scope="session")
def local_url():
    """local_url(url) -> True when the URL stays on this machine."""
    return is_local


@pytest.fixture(scope="session")
def load_app_module():
    """Import a module from tests/browser/apps/ by file name (the apps folder is no package)."""

    def load(name: str):
        module_name = f"_browser_apps_{name}"
        if module_name in sys.modules:
            return sys.modules[module_name]
        spec = importlib.util.spec_from_file_location(module_name, APPS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture(scope="module")
def app_url(start_streamlit):
    """The dashboard on a server of this test module's own (a module testing another app overrides it)."""
    return start_streamlit(DASHBOARD).url


@pytest.fixture(scope="session")
def prepared_shipped():
    """The shipped data as the page prepares it, for what the engine says a page should show."""
    from dashboard import clock
    from dashboard.io import load_dataset
    from dashboard.prepared import prepare

    return prepare(load_dataset(ROOT), clock.today())
