"""The page's widgets and URL handling, driven through Streamlit's AppTest (the map itself is tested
in a real browser, under tests/browser/)."""
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.engine import PostureIndex
from dashboard.io import load_dataset
from dashboard.paths import repository_root

APP = str(repository_root() / "dashboard" / "app.py")
D = dt.date


@pytest.fixture(scope="module")
def index():
    return PostureIndex.from_records(load_dataset(repository_root()).records)


def run(query=None, timeout=60):
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def asof(at) -> str:
    html = " ".join(str(getattr(el, "body", "")) for el in at.get("html"))
    return re.search(r'id="asof" class="asof" data-date="([0-9-]+)"', html).group(1)


def test_default_page_shows_a_date_and_no_warning():
    at = run()
    assert not at.exception
    assert not at.warning
    assert asof(at) == at.slider(key="date").value.isoformat()


def test_url_restores_the_view():
    at = run({"date": "2025-10-01", "province": "IQ-AN,IQ-AR", "lang": "ar", "known": "then"})
    assert not at.exception and not at.warning
    assert at.slider(key="date").value == D(2025, 10, 1)
    assert at.multiselect(key="provinces").value == ["IQ-AN", "IQ-AR"]
    assert at.radio(key="lang").value == "ar"
    assert at.toggle(key="known_then").value is True
    assert "بتاريخ" in " ".join(str(el.body) for el in at.get("html"))


@pytest.mark.parametrize("query, fragment", [
    ({"date": "2025-13-01"}, "date='2025-13-01'"),
    ({"province": "IQ-XX"}, "province='IQ-XX'"),
    ({"lang": "de"}, "lang='de'"),
])
def test_bad_url_values_warn_and_fall_back(query, fragment):
    at = run(query)
    assert not at.exception
    assert any(fragment in w.value for w in at.warning)
    assert at.radio(key="lang").value == "en"


def test_next_and_previous_step_through_change_dates(index):
    at = run({"date": "2024-09-27"})
    at.button[2].click().run()  # Next
    assert at.slider(key="date").value == index.next_change(D(2024, 9, 27)) == D(2025, 8, 19)
    assert asof(at) == "2025-08-19"
    assert at.query_params["date"] == "2025-08-19"  # the URL follows
    at.button[0].click().run()  # Previous
    assert at.slider(key="date").value == D(2024, 9, 27)


def test_previous_is_disabled_on_the_first_change(index):
    at = run({"date": index.change_dates()[0].isoformat()})
    assert at.button[0].disabled and not at.button[2].disabled


def test_province_filter_narrows_counts_and_shows_an_empty_state():
    at = run({"date": "2025-10-01", "province": "IQ-AN"})
    assert any("3 of 12 places" in c.value for c in at.caption)
    at = run({"date": "2025-10-01", "province": "IQ-BA"})  # Basra: no site there
    assert any("No site lies in the selected governorates" in i.value for i in at.info)


def test_what_changed_is_in_plain_words():
    at = run({"date": "2025-10-01"})
    html = " ".join(str(el.body) for el in at.get("html"))
    assert "Coalition headquarters, Baghdad (Union III): Active → Advisory only" in html


def test_as_known_then_hides_records_published_later():
    # On 2024-09-27 only the early-2024 brief was published: no site posture was known yet.
    at = run({"date": "2024-09-27", "known": "then"})
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["record_id"]) == {"R010"}  # only the national force level from the January 2024 brief
    at = run({"date": "2024-09-27"})
    assert {"R020", "R021"} <= set(at.dataframe[0].value["record_id"])


def test_invalid_data_shows_the_report_not_a_traceback(tmp_path, monkeypatch):
    root = tmp_path / "root"
    for part in ("data", "geo", "seeds"):
        shutil.copytree(repository_root() / part, root / part)
    csv = root / "data" / "posture.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",ain-al-asad,2024-09-27", ",ain-al-assad,2024-09-27"),
                   encoding="utf-8")
    monkeypatch.setenv("POSTURE_ROOT", str(root))
    at = run()
    assert not at.exception
    assert "validation" in at.error[0].value
    assert "unknown site 'ain-al-assad'" in at.code[0].value


def test_brief_view_shows_only_title_date_map_and_sources():
    at = run({"view": "brief", "date": "2025-10-01", "lang": "ar"})
    assert not at.exception
    assert len(at.button) == 0 and len(at.slider) == 0 and len(at.sidebar) == 0  # no controls
    html = " ".join(str(el.body) for el in at.get("html"))
    assert 'data-date="2025-10-01"' in html and "brief-title" in html and "المصادر" in html


def test_compare_mode_from_the_url_lists_the_changes_between_the_dates():
    at = run({"view": "compare", "compare": "2025-09-17", "date": "2025-10-01"})
    assert not at.exception
    assert at.slider(key="compare_date").value == D(2025, 9, 17)
    html = " ".join(str(el.body) for el in at.get("html"))
    assert 'id="asof-map_before" class="asof" data-date="2025-09-17"' in html
    assert "Coalition headquarters, Baghdad (Union III): Active → Advisory only" in html
    assert at.query_params["view"] == "compare" and at.query_params["compare"] == "2025-09-17"


def test_one_click_compares_with_the_previous_change(index):
    at = run({"date": "2025-10-01"})
    at.button[3].click().run()
    assert at.slider(key="compare_date").value == index.previous_change(D(2025, 10, 1))
    assert at.query_params["view"] == "compare"


def test_downloads_are_offered_for_the_current_view():
    at = run({"date": "2025-10-01"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Records in view (CSV)", "Sites with status (GeoJSON)", "Download slide (PNG)",
                      "Download animation (GIF)"]


def test_a_large_dataset_gets_a_readable_timeline_and_says_what_it_left_out(tmp_path, monkeypatch):
    from dashboard import synth

    synth.generate(tmp_path / "big", sites=150, records=1500, seed=3, sources=2)
    monkeypatch.setenv("POSTURE_ROOT", str(tmp_path / "big"))
    at = run(timeout=120)
    assert not at.exception
    assert any("timeline shows the first 60 of 150 places" in c.value for c in at.caption)
    # Tables longer than 500 rows are cut, and say so; the sources' counts are of every record.
    assert any(re.search(r"first 500 of the \d+ records citing this source", c.value) for c in at.caption)
    assert all(len(df.value) <= 500 for df in at.dataframe)
    chart = at.get("plotly_chart")[0].proto.spec
    rows = re.search(r'"categoryarray":\[([^\]]*)\]', chart).group(1)
    assert rows.count('","') + 1 == 60 + 1  # the 60 sites and the national row


def test_known_then_before_any_publication_says_so_instead_of_failing():
    # Found by the concurrency test: an empty timeline made plotly raise on this URL.
    at = run({"date": "2024-01-25", "known": "then"})
    assert not at.exception
    assert any("nothing to draw on the timeline" in i.value for i in at.info)


def test_known_then_next_steps_to_the_publication_that_reveals_more():
    at = run({"date": "2024-03-01", "known": "then"})
    next_button = next(b for b in at.button if b.label.startswith("Next"))
    assert not next_button.disabled
    next_button.click().run()
    # hiwar-2025-08-19 is the next document published; nothing known on 2024-03-01 changes before it.
    assert asof(at) == "2025-08-19"
    assert not at.exception
