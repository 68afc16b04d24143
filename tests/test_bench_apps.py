"""The benchmark's own pages still run against the current code (the bench is run by hand, so nothing
else notices when an API it calls changes): the bare floor page, and the floor page with the map."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.paths import repository_root

FLOOR_APP = repository_root() / "bench" / "floor_app.py"

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("mode", ["bare", "map"])
def test_the_floor_page_runs_and_steps(mode):
    at = AppTest.from_file(str(FLOOR_APP), default_timeout=120)
    if mode == "map":
        at.query_params["with"] = "map"
    at.query_params["date"] = "2024-01-01"
    at.run()
    assert not at.exception, at.exception
    before = at.session_state["date"]
    next_button = next(b for b in at.button if b.label == "Next")
    next_button.click().run()
    assert not at.exception, at.exception
    assert at.session_state["date"] > before
