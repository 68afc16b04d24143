"""The page's widgets and URL handling, driven through Streamlit's AppTest (the map itself is tested
in a real browser, under tests/browser/). Expectations are computed from the engine, so they hold as
the curated data grows."""

import datetime as dt
import re
import shutil
import time
from html import unescape

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import clock, launch
from dashboard.i18n import t
from dashboard.io import load_dataset
from dashboard.mapview import Serving
from dashboard.page.downloads import DECK_SLIDES
from dashboard.paths import repository_root, run_dir, static_dir
from dashboard.prepared import prepare
from dashboard.selection import Selection
from dashboard.slides import animation_dates
from dashboard.workspace import Workspace

# The page as `make run` starts it: the launcher's main script in the run folder (a throwaway one, see
# conftest.py), so the map's files are written there and never into the package.
APP = str(launch.main_script(run_dir()))
D = dt.date


@pytest.fixture(scope="module")
def shipped():
    return prepare(load_dataset(repository_root()), clock.today())


def run(query=None, timeout=60, map_drawn=True):
    """The page as it is a moment after it opens: in a browser the scrubber then reports the map drawn
    and the timeline follows (`map_drawn=False`: the first render, before that)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if map_drawn:
        at.session_state["map_drawn"] = True
    return at.run()


def html(at) -> str:
    return " ".join(str(getattr(el, "body", "")) for el in at.get("html"))


def asof(at) -> str:
    return re.search(r'id="asof" class="asof[^"]*" data-date="([0-9-]+)"', html(at)).group(1)


def panel(at, element: str) -> str:
    """The text of one element of the panel beside the map (page_text.panel_html), by its id."""
    return unescape(re.search(rf'id="panel-{element}"[^>]*>(.*?)</', html(at)).group(1))


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_default_page_opens_on_today_with_no_warning(shipped):
    at = run()
    assert not at.exception
    assert 'class="notice notice-warning"' not in html(at)
    assert asof(at) == at.session_state["date"].isoformat() == clock.today().isoformat()
    assert len(at.slider) == 0  # one date control: the scrubber above the map (issue 18)
    assert at.query_params["date"] == clock.today().isoformat()  # the URL holds the date, even the default


def test_issue_9_today_is_on_the_axis_and_in_the_url():
    at = run({"date": "2026-12-01"})
    assert not at.exception and 'class="notice notice-warning"' not in html(at)
    assert asof(at) == "2026-12-01"


def test_url_restores_the_view():
    at = run({"date": "2025-10-01", "province": "IQ-AN,IQ-AR", "lang": "ar", "known": "then"})
    assert not at.exception and 'class="notice notice-warning"' not in html(at)
    assert asof(at) == "2025-10-01"
    assert at.multiselect(key="provinces").value == ["IQ-AN", "IQ-AR"]
    assert at.radio(key="lang").value == "ar"
    assert at.toggle(key="known_then").value is True
    assert "بتاريخ" in html(at)


@pytest.mark.parametrize(
    "query, fragment",
    [
        ({"date": "2025-13-01"}, "date=&#x27;2025-13-01&#x27;"),
        ({"province": "IQ-XX"}, "province=&#x27;IQ-XX&#x27;"),
        ({"lang": "de"}, "lang=&#x27;de&#x27;"),
    ],
)
def test_bad_url_values_warn_and_fall_back(query, fragment):
    at = run(query)
    assert not at.exception
    assert fragment in html(at) and 'class="notice notice-warning"' in html(at)
    assert at.radio(key="lang").value == "en"


def test_issue_13_markdown_in_a_url_value_is_shown_as_text():
    at = run({"lang": "[x](https://evil.example/c) ![](https://evil.example/p.gif)"})
    page = html(at)
    assert "[x](https://evil.example/c)" in page  # the characters, in an escaped HTML box
    assert "<a " not in page.split('class="notice notice-warning"', 1)[1].split("</div>", 1)[0]
    assert not at.warning  # nothing went through Streamlit's markdown warning


def commit(at, day: D):
    """What the scrubber's commit does (session.commit_scrubbed), then the rerun it triggers: Previous,
    Next, Today, Play and the scrubber all commit a date this way (AppTest cannot press inside the
    component: tests/browser/test_scrubber.py presses them)."""
    at.session_state["date"] = day
    return at.run()


def test_a_committed_date_moves_the_page_and_the_url(shipped):
    at = run({"date": "2024-09-27"})
    expected = shipped.next_change(Selection(D(2024, 9, 27), known_then=False))
    commit(at, expected)
    assert asof(at) == expected.isoformat()
    assert at.query_params["date"] == expected.isoformat()  # the URL follows
    assert not any(b.label in (t("previous", "en"), t("next", "en"), t("today", "en")) for b in at.button)


def test_province_filter_narrows_counts_and_shows_an_empty_state(shipped):
    at = run({"date": "2025-10-01", "province": "IQ-AN"})
    in_anbar = len(shipped.sites_in(("IQ-AN",)))
    assert any(f"{in_anbar} of {len(shipped.site_ids)} places" in c.value for c in at.caption)
    at = run({"date": "2025-10-01", "province": "IQ-BA"})  # Basra: no site there
    assert any("No site lies in the selected governorates" in i.value for i in at.info)


def test_what_changed_is_in_plain_words(shipped):
    from html import escape

    from dashboard.evidence import what_changed

    index, records, names = shipped.all_records.index, shipped.all_records.records, shipped.site_names["en"]
    # The first change date since October 2025 on which a site's status changed.
    day = next(
        d
        for d in index.change_dates()
        if d >= D(2025, 10, 1) and any(c.before and c.after for c in index.status_changes(d - dt.timedelta(days=1), d))
    )
    at = run({"date": day.isoformat()})
    _, sentences, notes = what_changed(index, records, day, names, "en")
    assert sentences and all(escape(s) in html(at) for s in sentences + notes)
    assert any("→" in s for s in sentences)


def test_the_force_level_is_what_was_reported_and_the_target_shows_as_a_target(shipped):
    at = run({"date": "2025-10-15"})
    index = shipped.all_records.index
    force, target = index.force_level_at(D(2025, 10, 15)), index.target_at(D(2025, 10, 15))
    assert force is not None and target is not None and force.troops != target.troops
    assert panel(at, "force-value") == f"about {force.troops:,}"  # the reported level, not the target
    assert "Announced target" in panel(at, "target") and f"{target.troops:,}" in panel(at, "target")


def test_as_known_then_hides_records_published_later(shipped):
    day = D(2024, 9, 27)
    known = set(shipped.view(Selection(day, known_then=True)).records["record_id"])
    at = run({"date": day.isoformat(), "known": "then"})
    assert not at.exception
    assert set(at.dataframe[0].value[t("col_record_id", "en")]) <= known
    everything = set(run({"date": day.isoformat()}).dataframe[0].value[t("col_record_id", "en")])
    assert everything - known  # later documents tell more about that day


def test_the_arabic_evidence_table_has_arabic_headers_and_roles():
    at = run({"date": "2025-10-01", "lang": "ar"})
    table = at.dataframe[0].value
    assert list(table.columns)[0] == "السجل" and not any(re.search(r"[A-Za-z]", c) for c in table.columns)
    assert not any(re.search(r"[A-Za-z]", role) for role in table["الدور"])


def test_invalid_data_shows_the_report_not_a_traceback(tmp_path, monkeypatch):
    root = tmp_path / "root"
    for part in ("data", "geo", "seeds"):
        shutil.copytree(repository_root() / part, root / part)
    posture = root / "data" / "posture.csv"
    posture.write_text(
        posture.read_text(encoding="utf-8").replace(",ain-al-asad,", ",ain-al-assad,", 1), encoding="utf-8"
    )
    monkeypatch.setenv("POSTURE_ROOT", str(root))
    at = run()
    assert not at.exception
    assert "validation" in at.error[0].value
    assert "unknown site 'ain-al-assad'" in at.code[0].value


def test_brief_view_shows_only_title_date_map_and_sources():
    at = run({"view": "brief", "date": "2025-10-01", "lang": "ar"})
    assert not at.exception
    assert len(at.button) == 0 and len(at.slider) == 0 and len(at.sidebar) == 0  # no controls
    page = html(at)
    assert 'data-date="2025-10-01"' in page and "brief-title" in page and "المصادر" in page


def test_compare_mode_from_the_url_lists_the_changes_between_the_dates(shipped):
    at = run({"view": "compare", "compare": "2025-09-17", "date": "2025-10-01"})
    assert not at.exception
    assert at.slider(key="compare_date").value == D(2025, 9, 17)
    assert 'id="asof-map_before" class="asof" data-date="2025-09-17"' in html(at)
    changes = shipped.all_records.index.status_changes(D(2025, 9, 17), D(2025, 10, 1))
    assert changes and all(shipped.site_names["en"][c.site_id] in html(at) for c in changes)
    assert at.query_params["view"] == "compare" and at.query_params["compare"] == "2025-09-17"


def test_one_click_compares_with_the_previous_change(shipped):
    at = run({"date": "2025-10-01"})
    button(at, t("compare_previous", "en")).click().run()
    assert at.slider(key="compare_date").value == shipped.all_records.index.previous_change(D(2025, 10, 1))
    assert at.query_params["view"] == "compare"


@pytest.mark.parametrize("day", [D(2025, 10, 1), None])  # None: the page's default date, today
def test_downloads_are_offered_for_the_current_view(shipped, day):
    at = run({"date": day.isoformat()} if day else {})
    # The light files download at once; the heavy ones have a button that builds them first (issue 22).
    assert [b.proto.label for b in at.get("download_button")] == [t("download_csv", "en"), t("download_geojson", "en")]
    labels = [b.label for b in at.button if b.key and b.key.startswith("build_")]
    assert labels == [
        t(k, "en")
        for k in (
            "download_png",
            "download_gif",
            "download_gpkg",
            "download_kml",
            "download_standalone",
            "download_deck",
            "download_story_deck",
        )
    ]
    # The deck of change dates stops at the date shown, and says when it keeps only some of them.
    changes = animation_dates(shipped.span[0], day or shipped.span[1], "change", shipped.all_records.index)
    expected = (
        t("deck_thinned", "en", n=DECK_SLIDES, total=len(changes))
        if len(changes) > DECK_SLIDES
        else t("deck_every_change", "en", n=len(changes))
    )
    assert expected in [c.value for c in at.caption]


def test_as_known_then_the_one_file_map_is_not_offered_and_the_page_says_why():
    at = run({"date": "2025-10-01", "known": "then"})
    labels = [b.label for b in at.button if b.key and b.key.startswith("build_")]
    assert t("download_standalone", "en") not in labels and t("download_gpkg", "en") in labels
    assert t("standalone_known_then", "en") in [c.value for c in at.caption]


def test_a_large_dataset_gets_a_readable_timeline_and_says_what_it_left_out(tmp_path, monkeypatch):
    from tools import synth

    synth.generate(tmp_path / "big", sites=150, records=1500, seed=3, sources=2)
    monkeypatch.setenv("POSTURE_ROOT", str(tmp_path / "big"))
    at = run(timeout=120)
    assert not at.exception
    assert any("timeline shows the first 60 of 150 places" in c.value for c in at.caption)
    # Open the Sources tab and both sources, as a reader would.
    at.session_state["evidence_tab"] = t("sources", "en")
    at.session_state["source-synth-01"] = at.session_state["source-synth-02"] = True
    at.run()
    # Tables longer than 500 rows are cut, and say so; the sources' counts are of every record.
    assert any(re.search(r"first 500 of the \d+ records citing this source", c.value) for c in at.caption)
    assert all(len(df.value) <= 500 for df in at.dataframe)
    chart = at.get("plotly_chart")[0].proto.spec
    rows = re.search(r'"categoryarray":\[([^\]]*)\]', chart).group(1)
    assert rows.count('","') + 1 == 60 + 1  # the 60 sites and the national row


def test_issue_10_a_step_sends_the_same_timeline_figure_and_compare_keeps_its_line(shipped):
    """The map view's timeline leaves its date line to the scrubber (drawn in the browser), so from one
    recent date to the next the figure is byte for byte the same: Streamlit neither re-sends it (its
    message cache) nor re-draws it. The compare view has no scrubber: its figure carries the line."""
    day = D(2025, 10, 1)
    at = run({"date": day.isoformat()})
    before = at.get("plotly_chart")[0].proto.spec
    commit(at, shipped.next_change(Selection(day, known_then=False)))
    assert asof(at) == shipped.next_change(Selection(day, known_then=False)).isoformat()
    assert at.get("plotly_chart")[0].proto.spec == before
    assert '"name":"date"' not in before.replace(" ", "")  # no line in it
    compare = run({"date": day.isoformat(), "view": "compare"})
    spec = compare.get("plotly_chart")[0].proto.spec.replace(" ", "")
    assert '"name":"date"' in spec and f'"x0":"{day.isoformat()}"' in spec


def test_issue_10_the_first_render_leaves_the_timeline_until_the_map_is_drawn():
    """Streamlit shows a page's first render only once every element's code has loaded; Plotly's took
    the map 1.5 to 2 s. So the map view's first run says the timeline follows, and draws it once the
    scrubber reports the map drawn (tests/browser/test_scrubber.py watches it happen)."""
    at = run({"date": "2025-10-01"}, map_drawn=False)
    assert not at.exception and at.get("plotly_chart") == []
    assert t("timeline_after_map", "en") in [c.value for c in at.caption]
    at.session_state["map_drawn"] = True  # what session.map_drawn does when the scrubber reports in
    at.run()
    assert len(at.get("plotly_chart")) == 1
    assert t("timeline_after_map", "en") not in [c.value for c in at.caption]
    # The compare view has no scrubber to wait for: its timeline comes at once.
    compare = run({"date": "2025-10-01", "view": "compare"}, map_drawn=False)
    assert len(compare.get("plotly_chart")) == 1


def test_issue_18_the_first_render_leaves_the_records_and_downloads_until_the_map_is_drawn():
    """The tabs' code, loaded before a first render shows, held the map back: the records-in-effect
    table's by about 0.25 s, the tabs with the downloads by another 0.15 s. The map view's first run says
    they follow, and draws them once the map is drawn."""
    at = run({"date": "2025-10-01"}, map_drawn=False)
    assert not at.exception and at.dataframe == [] and at.tabs == []
    assert t("records_after_map", "en") in [c.value for c in at.caption]
    at.session_state["map_drawn"] = True  # what session.map_drawn does when the scrubber reports in
    at.run()
    assert len(at.dataframe) == 1 and len(at.tabs) == 3
    assert t("records_after_map", "en") not in [c.value for c in at.caption]
    compare = run({"date": "2025-10-01", "view": "compare"}, map_drawn=False)  # no scrubber to wait for
    assert len(compare.dataframe) == 1


def test_issue_18_the_first_render_leaves_the_controls_until_the_map_is_drawn_and_keeps_the_urls_choices():
    """The sidebar's controls held the map back by about 0.3 s on a first paint: the first run says they
    follow, and the run after the map is drawn shows them holding what the URL asked for."""
    query = {"date": "2025-10-01", "province": "IQ-AN,IQ-AR", "lang": "ar", "known": "then"}
    at = run(query, map_drawn=False)
    assert not at.exception and at.sidebar.radio == [] and at.sidebar.multiselect == []
    assert [c.value for c in at.sidebar.caption] == [t("controls_after_map", "ar")]
    at.session_state["map_drawn"] = True
    at.run()
    assert at.multiselect(key="provinces").value == ["IQ-AN", "IQ-AR"]
    assert at.radio(key="lang").value == "ar" and at.toggle(key="known_then").value is True
    assert t("controls_after_map", "ar") not in [c.value for c in at.sidebar.caption]


def test_issue_18_controls_once_drawn_are_never_left_out_of_a_run():
    """A widget left out of a run loses its state: a reader who chose governorates in the story view and
    then opens the map (not yet drawn in this session) keeps the controls, and the choice."""
    at = run({"date": "2025-10-01", "view": "story"}, map_drawn=False)
    assert len(at.sidebar.multiselect) == 1
    at.multiselect(key="provinces").set_value(["IQ-AN"]).run()
    at.session_state["view"] = "map"
    at.run()
    assert not at.exception and at.multiselect(key="provinces").value == ["IQ-AN"]
    assert len(at.tabs) == 3 and at.get("plotly_chart")


def test_known_then_before_any_publication_says_so_instead_of_failing():
    # Found by the concurrency test: an empty timeline made plotly raise on this URL.
    at = run({"date": "2012-01-01", "known": "then"})  # before the first page the record cites
    assert not at.exception
    assert any("nothing to draw on the timeline" in i.value for i in at.info)


def test_a_date_after_today_says_only_plans_are_shown(monkeypatch):
    # Seen from June 2026, the planned September 2026 end of the mission lies ahead.
    monkeypatch.setenv("POSTURE_TODAY", "2026-06-01")
    at = run({"date": "2026-09-30"})
    assert not at.exception
    assert 'class="asof future"' in html(at) and t("future_note", "en") in html(at)
    at = run({"date": "2026-05-01"})
    assert 'class="asof"' in html(at) and t("future_note", "en") not in html(at)


def test_issue_13_uploads_lost_to_a_server_restart_say_so_instead_of_crashing(monkeypatch):
    """After a restart a file uploader holds a deleted file, with no name and no content ('DeletedFile'
    object has no attribute 'name' crashed the next click). The session goes on with the shipped data
    and says the uploads are gone."""
    from dashboard.page import data as page_data
    from dashboard.session_store import SessionStore

    class DeletedFile:
        file_id = "gone"

    class State(dict):
        __getattr__ = dict.get

        def __setattr__(self, name, value):
            self[name] = value

    monkeypatch.setattr(page_data.st, "session_state", State(upload_records=DeletedFile()))
    shipped = page_data.Workspace(prepare(load_dataset(repository_root()), clock.today()), Serving(static_dir()))
    workspace, upload, lost = page_data.session_workspace(shipped, SessionStore())
    assert workspace is shipped and upload is None and lost


def test_issue_13_table_cells_starting_a_formula_are_neutralised_for_the_toolbar_download():
    import pandas as pd

    from dashboard.page.panels import _shown

    shown = _shown(pd.DataFrame({"summary": ['=HYPERLINK("http://x")', "plain", "-10 troops"], "n": [1, 2, 3]}))
    assert list(shown["summary"]) == ['\'=HYPERLINK("http://x")', "plain", "'-10 troops"]
    assert list(shown["n"]) == [1, 2, 3]


def test_sources_are_built_only_when_their_tab_and_their_source_are_open(shipped):
    """bench/results.md: a table per source of the 132 shipped sources made every date step re-send about
    700 KiB and spend some 600 ms in st.dataframe, for a list that does not change with the date."""
    at = run({"date": "2026-03-10"})
    assert len(at.dataframe) == 1  # the records in effect only
    at.session_state["evidence_tab"] = t("sources", "en")
    at.run()
    titles = [e.label for e in at.expander if re.match(r"\d+\. ", e.label)]
    assert len(titles) == len(shipped.dataset.sources) and len(at.dataframe) == 1
    first = shipped.dataset.sources["source_id"].iloc[0]
    at.session_state[f"source-{first}"] = True
    at.run()
    assert len(at.dataframe) == 2 and not at.exception


class _ChosenFile:
    """What a file uploader holds: a name and the bytes."""

    def __init__(self, name: str, text: str):
        self.name, self._bytes = name, text.encode("utf-8")

    def getvalue(self) -> bytes:
        return self._bytes


def _uploading_session(monkeypatch, session_id: str, files: dict):
    from dashboard.page import compat
    from dashboard.page import data as page_data

    class State(dict):
        __getattr__ = dict.get

        def __setattr__(self, name, value):
            self[name] = value

    state = State({f"upload_{kind}": _ChosenFile(f"{kind}.csv", text) for kind, text in files.items()})
    monkeypatch.setattr(page_data.st, "session_state", state)
    monkeypatch.setattr(compat, "session_id", lambda: session_id)
    return state


@pytest.fixture(scope="module")
def shipped_workspace():
    return Workspace(prepare(load_dataset(repository_root()), clock.today()), Serving(static_dir()))


def test_issue_22_an_upload_lives_while_its_session_does_and_its_memory_goes_with_it(monkeypatch, shipped_workspace):
    """Closed sessions' uploads were kept by Streamlit with the rest of their state (12 sessions took the
    server from 262 to 1,085 MB, never given back): now a session's upload is let go when it removes the
    files or when it is no longer connected."""
    import gc
    import weakref

    from factories import POSTURE_HEADER

    from dashboard.page import compat
    from dashboard.page import data as page_data
    from dashboard.session_store import SessionStore

    files = {
        "records": POSTURE_HEADER
        + "U1,ain-al-asad,2020-01-01,day,handed_over,reported,B,,,,Handed over.,سُلّمت.,,US,,\n",
        "citations": "record_id,source_id,quote,official\nU1,itv-2024-01-29-tower22,,\n",
    }
    alive = {"closed-one": True, "reader": True}
    monkeypatch.setattr(compat, "session_alive", lambda session_id: alive.get(session_id))
    store = SessionStore()

    _uploading_session(monkeypatch, "closed-one", files)
    theirs, upload, _ = page_data.session_workspace(shipped_workspace, store)
    assert theirs is not shipped_workspace and not upload.problems, upload.problems
    theirs = weakref.ref(theirs)

    state = _uploading_session(monkeypatch, "reader", files)
    mine, _, _ = page_data.session_workspace(shipped_workspace, store)
    assert page_data.session_workspace(shipped_workspace, store)[0] is mine  # built once, not per rerun
    assert len(store) == 2

    alive["closed-one"] = False  # its tab was closed: the reader's next rerun lets its upload go
    page_data.session_workspace(shipped_workspace, store)
    gc.collect()
    assert store.get("closed-one") is None and theirs() is None

    mine = weakref.ref(mine)
    del state["upload_records"], state["upload_citations"]  # the reader removes the files
    assert page_data.session_workspace(shipped_workspace, store)[0] is shipped_workspace
    gc.collect()
    assert len(store) == 0 and mine() is None


def test_issue_22_a_heavy_download_is_built_in_a_worker_then_saved_and_can_be_cancelled():
    """Pressing a heavy download queues its build; the page shows its progress and a Cancel button, then
    a Save button with the file. Before, the server built it while every reader waited, with no progress."""
    at = run({"date": "2020-01-01"})
    button(at, t("download_png", "en")).click().run()
    deadline = time.monotonic() + 120
    while not any(
        b.proto.label == t("build_save", "en", file="posture-2020-01-01.png") for b in at.get("download_button")
    ):
        assert time.monotonic() < deadline, [e.value for e in at.error]
        time.sleep(0.2)
        at.run()
    # The GIF is cancelled while it builds, and its button comes back.
    button(at, t("download_gif", "en")).click().run()
    assert t("build_cancel", "en") in [b.label for b in at.button]
    button(at, t("build_cancel", "en")).click().run()
    at.run()
    assert t("build_cancelled", "en", file="posture.gif") in [c.value for c in at.caption]
    assert t("download_gif", "en") in [b.label for b in at.button]
    # Another date is another file: the slide's button asks again.
    at.query_params["date"] = "2021-01-01"
    at.session_state["date"] = D(2021, 1, 1)
    at.run()
    assert t("download_png", "en") in [b.label for b in at.button] and not at.exception


def test_issue_22_callbacks_hold_the_data_weakly_and_do_nothing_once_it_is_let_go(monkeypatch, shipped):
    """Streamlit keeps a closed session's callbacks (and its download callables) long after it closed; held
    strongly, they kept its uploaded data alive whatever the session store let go."""
    import gc
    import weakref

    from dashboard.page import session

    class State(dict):
        __getattr__ = dict.get

    state = State(date=D(2020, 1, 1))
    monkeypatch.setattr(session.st, "session_state", state)
    monkeypatch.setattr(session, "selection", lambda: Selection(state["date"]))
    data = prepare(shipped.dataset, shipped.today)
    alive = weakref.ref(data)
    held = session.held_weakly(data)
    state["scrubber"] = {"commit": "2021-03-04"}
    session.commit_scrubbed(held)  # while the data lives, the callback works through the proxy
    assert state["date"] == D(2021, 3, 4)
    del data
    gc.collect()
    assert alive() is None  # the proxy did not keep it
    before = state["date"]
    state["scrubber"] = {"commit": "2022-01-01"}
    session.commit_scrubbed(held)
    session.compare_with_previous(held)
    assert state["date"] == before and "view" not in state  # nothing happened, nothing raised
