"""The HTML report: counts, charts, alerts with links, feed health, and escaping of every
string that came from a feed or a page. Exact counts on a hand-made warehouse; one test on
the labelled timeline replayed through the real pipeline."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from newswatch.alert_render import safe_url
from newswatch.report import build_report
from newswatch.report.__main__ import main as report_main
from tests.fixtures import report_warehouse as rw

NOW = datetime(2026, 3, 8, 6, 0, tzinfo=UTC)


def _doc(page: str):
    return lxml.html.document_fromstring(page)


def assert_nothing_executable(doc) -> None:
    """No <script>, no on* handler, no javascript: link, no external resource anywhere."""
    assert doc.xpath("//script") == []
    elements = [el for el in doc.iter() if isinstance(el.tag, str)]
    handlers = [(el.tag, name) for el in elements for name in el.attrib if name.lower().startswith("on")]
    assert handlers == []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name in ("href", "src", "xlink:href", "action", "formaction"):
            value = el.get(name)
            if value is not None:
                assert name == "href" and el.tag == "a" and value.startswith(("http://", "https://")), (
                    el.tag,
                    name,
                    value,
                )
    assert doc.xpath("//iframe|//object|//embed|//img|//link[@rel='stylesheet']|//foreignobject") == []


@pytest.fixture
def hand_made(db):
    urls = rw.hand_made(db)
    return db, urls


@pytest.fixture
def page(hand_made):
    db, _ = hand_made
    return build_report(db, rw.WINDOW_SINCE, rw.WINDOW_UNTIL, NOW)


def test_headline_counts_the_window_only(page):
    doc = _doc(page)
    counts = {c.get("data-count"): int(c.get("data-value")) for c in doc.xpath("//div[@class='card']")}
    assert counts == {
        "articles": 5,
        "events": 4,
        "clusters": 4,
        "alerts": 2,
        "feeds-ok": 1,
        "feeds-failing": 1,
    }


def test_stacked_bars_one_bar_per_day_with_happenings(page):
    doc = _doc(page)
    for chart in ("clusters-by-theatre", "clusters-by-type"):
        bars = doc.xpath(f"//svg[@id='{chart}']//g[@class='bar']")
        assert [b.get("data-day") for b in bars] == ["2026-03-02", "2026-03-04"]
        assert [int(b.get("data-total")) for b in bars] == [2, 2]
    theatre = {
        (seg.getparent().get("data-day"), seg.get("data-series")): int(seg.get("data-value"))
        for seg in doc.xpath("//svg[@id='clusters-by-theatre']//rect[@class='seg']")
    }
    assert theatre == {
        ("2026-03-02", "syria"): 1,
        ("2026-03-02", "libya"): 1,
        ("2026-03-04", "syria"): 1,
        ("2026-03-04", "turkey-russia-iran"): 1,
    }
    types = sorted(
        seg.get("data-series") for seg in doc.xpath("//svg[@id='clusters-by-type']//rect[@class='seg']")
    )
    assert types == ["ARMED_CLASH", "BOMBING", "MEETING", "SHELLING"]


def test_recurrence_chain_shows_the_earlier_and_the_new_occurrence(page):
    doc = _doc(page)
    chains = doc.xpath("//svg[@id='recurrence-chains']//g[@class='chain']")
    assert [c.get("data-key") for c in chains] == ["BOMBING|road:m4|state:rus+state:tur"]
    dots = chains[0].xpath(".//circle")
    assert [(d.get("data-date"), d.get("data-alerted")) for d in dots] == [
        ("2026-02-20", "false"),
        ("2026-03-02", "true"),
    ]
    assert "BOMBING · M4 highway · Russia, Turkey" in chains[0].text_content()


def test_map_plots_each_place_with_coordinates_inside_the_theatre(page):
    doc = _doc(page)
    places = {
        c.get("data-place-id"): int(c.get("data-clusters"))
        for c in doc.xpath("//svg[@id='event-map']//circle")
    }
    assert places == {"place:ariha": 1, "place:sirte": 1, "adm1:syr-idlib": 1}
    assert len(doc.xpath("//svg[@id='event-map']//path[contains(@class, 'country')]")) >= 10
    assert {"SYR", "LBY", "TUR"} <= set(
        doc.xpath("//svg[@id='event-map']//path[@class='country theatre']/@data-country")
    )
    assert "Outside the map: Moscow (1)" in doc.get_element_by_id("map").text_content()


def test_alerts_listed_with_explanations_and_links(hand_made, page):
    _, urls = hand_made
    doc = _doc(page)
    rows = doc.xpath("//table[@class='alerts']//tr[@class='alert-row']")
    assert len(rows) == 2
    newest, older = rows
    assert "Talks held after 1 postponement" in newest.text_content()
    assert "2026-03-01" in newest.xpath(".//ul[@class='earlier']")[0].text_content()
    links = older.xpath(".//a/@href")
    assert urls["good_url"] in links and urls["old_url"] in links
    assert urls["bad_url"] not in links  # javascript: is shown as text, never linked
    assert 'href="javascript' not in page.lower()
    assert "Earlier occurrences (1)" in older.text_content()
    assert "outside the window" not in page


def test_feed_health_table(page):
    doc = _doc(page)
    rows = doc.xpath("//table[@class='feeds']//tr[@class='feed-row']")
    health = [r.xpath(".//span[contains(@class, 'health')]")[0].text for r in rows]
    assert health == ["failing", "ok", "not polled"]
    assert doc.xpath("//table[@class='feeds']//a/@href") == [
        "https://broken.example/rss",
        "https://levant.example/rss",
    ]


def test_feed_and_page_strings_are_escaped(page):
    doc = _doc(page)
    assert_nothing_executable(doc)
    text = doc.text_content()
    assert rw.HOSTILE_TITLE in text  # shown as the literal text it is
    assert rw.HOSTILE_OUTLET in text
    assert "<script>" not in page and "<img" not in page and "<svg onload" not in page


def test_the_page_is_self_contained(page):
    doc = _doc(page)
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0]
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "").split("<main>")[0]


def test_safe_url():
    assert safe_url("https://a.example/x?y=1") == "https://a.example/x?y=1"
    for bad in (
        "javascript:alert(1)",
        "JAVASCRIPT:x",
        "data:text/html,x",
        "/relative",
        "http://",
        'https://a"b',
        None,
        3,
    ):
        assert safe_url(bad) is None


def test_empty_window_says_so(hand_made):
    db, _ = hand_made
    page = build_report(db, datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 8, tzinfo=UTC), NOW)
    doc = _doc(page)
    assert doc.xpath("//g[@class='bar']") == [] and "No alert in this window." in page
    with pytest.raises(ValueError, match="empty"):
        build_report(db, rw.WINDOW_UNTIL, rw.WINDOW_SINCE, NOW)


def test_module_entry_point_writes_the_file(hand_made, tmp_path, capsys):
    db, _ = hand_made
    out = tmp_path / "r" / "report.html"
    assert report_main(["--db", db, "--since", "7d", "--now", "2026-03-08", "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    counts = {
        c.get("data-count"): c.get("data-value") for c in _doc(out.read_text()).xpath("//div[@class='card']")
    }
    assert counts["clusters"] == "4"
    assert report_main(["--db", db, "--since", "last tuesday", "--out", str(out)]) == 2
    assert "--since" in capsys.readouterr().err
    assert report_main(["--db", str(tmp_path / "missing.duckdb"), "--out", str(out)]) == 2


@pytest.mark.slow
def test_report_on_the_replayed_labelled_timeline():
    db = rw.replayed()
    from warehouse.db import connect

    with connect(db, read_only=True) as con:
        n_alerts = con.execute("SELECT count(*) FROM alerts").fetchone()[0]
        n_clusters = con.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
        days = con.execute("SELECT count(DISTINCT first_date) FROM event_clusters").fetchone()[0]
        keys = con.execute(
            "SELECT count(DISTINCT recurrence_key) FROM alerts WHERE kind = 'recurrence'"
        ).fetchone()[0]
        places = con.execute(
            "SELECT count(DISTINCT coalesce(place_id, region_id)) FROM event_clusters WHERE lat IS NOT NULL"
        ).fetchone()[0]
    assert n_alerts >= 15 and keys >= 5
    page = build_report(db, rw.REPLAY_SINCE, rw.REPLAY_UNTIL, rw.REPLAY_UNTIL)
    doc = _doc(page)
    assert_nothing_executable(doc)
    assert rw.HOSTILE_TITLE in doc.text_content()
    bars = doc.xpath("//svg[@id='clusters-by-type']//g[@class='bar']")
    assert len(bars) == days
    assert sum(int(b.get("data-total")) for b in bars) == n_clusters
    assert len(doc.xpath("//svg[@id='recurrence-chains']//g[@class='chain']")) == keys
    assert all(len(c.xpath(".//circle")) >= 2 for c in doc.xpath("//g[@class='chain']"))
    assert 5 <= len(doc.xpath("//svg[@id='event-map']//circle[contains(@class, 'place')]")) <= places
    rows = doc.xpath("//tr[@class='alert-row']")
    assert len(rows) == n_alerts
    assert all(r.xpath(".//a[starts-with(@href, 'https://')]") for r in rows)  # every alert cites its sources
    health = [s.text for s in doc.xpath("//table[@class='feeds']//span[contains(@class, 'health')]")]
    assert health[:2] == ["failing", "ok"]
