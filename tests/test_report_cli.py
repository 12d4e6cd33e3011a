"""`newswatch report`: the CLI over newswatch.report.build_report (the page itself is tested in
tests/test_report.py)."""

from __future__ import annotations

from lxml import html as lxml_html

from newswatch.cli import main
from tests.fixtures import report_warehouse as rw


def _cards(path) -> dict[str, str]:
    doc = lxml_html.fromstring(path.read_text(encoding="utf-8"))
    return {c.get("data-count"): c.get("data-value") for c in doc.xpath("//div[@class='card']")}


def test_report_command_writes_the_window(db, tmp_path, capsys):
    rw.hand_made(db)
    out = tmp_path / "r" / "report.html"
    assert main(["report", "--db", db, "--since", "7d", "--now", "2026-03-08", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"wrote {out}" in said and "2026-03-01 00:00 .. 2026-03-08 00:00 UTC" in said
    assert _cards(out)["clusters"] == "4"
    # --until narrows the window
    assert (
        main(["report", "--db", db, "--since", "2026-03-01", "--until", "2026-03-02", "--out", str(out)]) == 0
    )
    assert int(_cards(out)["clusters"]) < 4


def test_report_command_to_stdout(db, capsys):
    rw.hand_made(db)
    assert main(["report", "--db", db, "--since", "7d", "--now", "2026-03-08", "--out", "-"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") or page.lstrip().lower().startswith("<!doctype html>")


def test_report_command_user_errors(db, tmp_path, capsys):
    rw.hand_made(db)
    out = str(tmp_path / "x.html")
    assert main(["report", "--db", db, "--since", "last tuesday", "--out", out]) == 2
    assert "--since" in capsys.readouterr().err
    assert main(["report", "--db", db, "--since", "2026-03-08", "--until", "2026-03-01", "--out", out]) == 2
    assert "not before" in capsys.readouterr().err
    assert main(["report", "--db", str(tmp_path / "missing.duckdb"), "--out", out]) == 2
    assert "no warehouse" in capsys.readouterr().err
