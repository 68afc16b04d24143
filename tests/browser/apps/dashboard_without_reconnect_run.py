"""The dashboard as on a Streamlit whose page does not ask for a run when it reconnects: page/restart.py's
timer (`rerun_on_reconnect`) is left out, for tests/browser/test_restart_in_browser.py. After a restart the first
press then meets a session that has run nothing, the case `restart.replay` is for (with the timer, the
page's own run on reconnecting comes first)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import app  # noqa: E402
from dashboard.page import restart  # noqa: E402

restart.rerun_on_reconnect = lambda: None
app.main(HERE / "static")
