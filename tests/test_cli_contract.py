"""The CLI's contract with users and scripts (issue 12): the SQL sandbox through `newswatch
sql`, one way to fail (one line with the fix, non-zero exit), one `--db` resolution that
never creates anything for read commands, time flags, filters and saved queries."""

from __future__ import annotations

import json

import duckdb
import pytest

from newswatch.cli import main
from tests.fixtures.sql_attacks import ATTACKS, assert_nothing_written, make_other


@pytest.fixture()
def wh(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT range AS n, [range, 1] AS l, {'k': range} AS s FROM range(2500)")
    con.close()
    return str(path)


@pytest.fixture()
def other(tmp_path):
    return make_other(tmp_path)


@pytest.mark.parametrize("attack", ATTACKS)
def test_sql_attacks_are_refused_with_one_line(wh, other, tmp_path, capsys, attack):
    assert main(["sql", attack.format(other=other, tmp=tmp_path, table="t"), "--db", wh]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newswatch: error: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert_nothing_written(tmp_path, other)


def test_allow_files_reads_a_csv_and_parquet_out_works(wh, tmp_path, capsys):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "p.csv").write_text("place,label\nplace:idlib,Idlib\n")
    q = f"SELECT label FROM read_csv('{shared}/p.csv')"
    assert main(["sql", q, "--db", wh, "--allow-files", str(shared), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["label", "Idlib"]
    out = tmp_path / "n.parquet"
    assert main(["sql", "SELECT n FROM t", "--db", wh, "--format", "parquet", "--out", str(out)]) == 0
    with duckdb.connect() as con:
        assert con.execute(f"SELECT count(*) FROM '{out}'").fetchone() == (2500,)
    # a mistyped folder is named at once, not met later as a refusal of the file
    assert main(["sql", q, "--db", wh, "--allow-files", str(tmp_path / "shraed")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"newswatch: error: --allow-files {tmp_path / 'shraed'}: no such folder"), err


def test_rows_are_capped_with_a_note_and_all_lifts_it(wh, capsys):
    assert main(["sql", "SELECT n FROM t", "--db", wh]) == 0
    out = capsys.readouterr().out
    assert "(1000 rows; 1500 more not shown — --limit N or --all for more)" in out
    assert main(["sql", "SELECT n FROM t", "--db", wh, "--limit", "5", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 5 and "2495 more" in captured.err
    assert main(["sql", "SELECT n FROM t", "--db", wh, "--all", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2501


def test_several_statements_each_shown_and_lists_as_json(wh, capsys):
    assert main(["sql", "SELECT 1 AS a; SELECT l, s FROM t WHERE n = 7", "--db", wh, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "a\n1\n" in out and '"[7, 1]","{""k"": 7}"' in out
    assert main(["sql", "SELECT l, s FROM t WHERE n = 7", "--db", wh, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"l": [7, 1], "s": {"k": 7}}]
    assert main(["sql", "SELECT 'a|b' AS x", "--db", wh, "--format", "markdown"]) == 0
    assert capsys.readouterr().out.splitlines() == ["| x |", "|---|", "| a\\|b |"]


def test_duckdb_hint_kept(wh, capsys):
    assert main(["sql", "SELECT * FROM tt", "--db", wh]) == 2
    err = capsys.readouterr().err
    assert 'Did you mean "t"' in err and "LINE 1" in err and "^" in err


def test_unknown_saved_query_suggests(capsys):
    assert main(["sql", "--query", "m4-bombing"]) == 2
    assert "did you mean m4-bombings" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["alerts", "list"],
        ["alerts", "show", "abc"],
        ["schema"],
        ["backtest"],
        ["export", "--out", "{tmp}/exp"],
        ["backup", "--out", "{tmp}/b.duckdb"],
        ["backfill", "--since", "7d"],
        ["migrate", "--status"],
        ["sql", "SELECT 1"],
    ],
)
def test_read_commands_on_a_missing_warehouse_create_nothing(tmp_path, capsys, argv):
    db = tmp_path / "nowhere" / "w.duckdb"
    assert main([a.format(tmp=tmp_path) for a in argv] + ["--db", str(db)]) == 2
    assert capsys.readouterr().err == (
        f"newswatch: error: no warehouse at {db} — run 'newswatch migrate --db {db}' or pass --db\n"
    )
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "b.duckdb").exists()


def test_feeds_check_warns_without_a_warehouse(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # the table fits the terminal; give it room for the words
    assert main(["feeds", "check", "--db", str(tmp_path / "none.duckdb")]) == 0
    captured = capsys.readouterr()
    assert "warning: no warehouse at" in captured.err and "never fetched" in captured.out
    assert not (tmp_path / "none.duckdb").exists()


def test_schema_unknown_name_and_time_flags(db, capsys):
    assert main(["migrate", "--db", db]) == 0
    capsys.readouterr()
    assert main(["schema", "alert", "--db", db]) == 2
    assert "no table or view 'alert' — did you mean alerts" in capsys.readouterr().err
    assert main(["alerts", "list", "--since", "last tuesday", "--db", db]) == 2
    assert capsys.readouterr().err.startswith("newswatch: error: --since 'last tuesday' is not a time")
    assert main(["alerts", "list", "--since", "2026-02", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["backtest", "--since", "tomorrowish", "--db", db]) == 2
    assert "--since 'tomorrowish'" in capsys.readouterr().err


def test_alerts_list_filters_full_json_and_prefix(db, capsys):
    from warehouse import migrate

    migrate(db)
    con = duckdb.connect(db)
    for i, (kind, sev, key) in enumerate(
        [
            ("recurrence", "high", "AIRSTRIKE|adm1:syr-idlib|x"),
            ("burst", "low", None),
            ("meeting", "info", None),
        ]
    ):
        con.execute(
            "INSERT INTO alerts (alert_id, kind, rule, cluster_id, recurrence_key, severity, created_at, "
            "summary, explanation, markdown) "
            "VALUES (?, ?, 'r', NULL, ?, ?, TIMESTAMPTZ '2026-03-01' + to_days(?), ?, '{}', ?)",
            [f"id{i}abc", kind, key, sev, i, f"summary {i}", f"# alert {i}"],
        )
    con.close()
    assert main(["alerts", "list", "--severity", "high", "--json", "--db", db]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["alert_id"] == "id0abc" and row["markdown"] == "# alert 0" and "deliveries" in row
    assert (
        main(["alerts", "list", "--key", "AIRSTRIKE|adm1:syr-idlib", "--limit", "5", "--json", "--db", db])
        == 0
    )
    assert [r["alert_id"] for r in json.loads(capsys.readouterr().out)] == ["id0abc"]
    assert main(["alerts", "list", "--limit", "2", "--unread", "--json", "--db", db]) == 0
    assert [r["alert_id"] for r in json.loads(capsys.readouterr().out)] == ["id2abc", "id1abc"]
    assert main(["alerts", "show", "id1", "--db", db]) == 0
    assert capsys.readouterr().out.strip().splitlines()[0] == "# alert 1"
    assert main(["alerts", "show", "id", "--db", db]) == 2
    assert "matches several alerts" in capsys.readouterr().err


def test_typos_suggest_and_fail_in_one_line(capsys):
    assert main(["sq"]) == 2
    assert "Did you mean 'sql'?" in capsys.readouterr().err
    assert main(["sql", "--fromat", "csv"]) == 2
    err = capsys.readouterr().err
    assert "--format" in err and len(err.strip().splitlines()) == 1


def test_rules_check_reports_file_and_line(tmp_path, capsys):
    assert main(["rules", "check"]) == 0
    assert "ok      alert rules" in capsys.readouterr().out
    bad = tmp_path / "alerts.yaml"
    bad.write_text("rules:\n  - name: x\n    kind: nonsense\n")
    assert main(["rules", "check", "--rules", str(bad)]) == 2
    assert f"{bad}:2" in capsys.readouterr().err


def test_every_command_and_option_has_help_with_an_example():
    import typer.main

    from newswatch.cli import app

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])
        else:
            yield path, cmd

    for path, cmd in walk(typer.main.get_command(app), []):
        assert "Example:" in (cmd.help or ""), path
        for param in cmd.params:
            if param.name != "help":
                assert "Example" in (getattr(param, "help", "") or ""), (path, param.name)


def _insert_alerts(db: str, alerts: list[tuple[str, str, str, str | None, str]]) -> None:
    from warehouse import migrate

    migrate(db)
    con = duckdb.connect(db)
    for i, (alert_id, kind, sev, key, summary) in enumerate(alerts):
        con.execute(
            "INSERT INTO alerts (alert_id, kind, rule, cluster_id, recurrence_key, severity, created_at, "
            "summary, explanation, markdown) "
            "VALUES (?, ?, 'r', NULL, ?, ?, TIMESTAMPTZ '2026-03-01' + to_days(?), ?, '{}', '# a')",
            [alert_id, kind, key, sev, i, summary],
        )
    con.close()


@pytest.mark.parametrize("columns", ["80", "100"])
def test_alerts_table_keeps_id_kind_and_severity_on_a_narrow_terminal(db, capsys, monkeypatch, columns):
    """At 80 columns Rich's own squeezing dropped the id, kind and severity columns whole,
    leaving no id to pass to `alerts show`."""
    long_key = "ARMED_CLASH|adm1:lby-sirte|org:gnu+org:lna+org:somebody-else"
    _insert_alerts(
        db,
        [
            ("f00dfeedbeef0001", "recurrence", "high", long_key, "ARMED_CLASH again " + "x" * 150),
            ("c0ffee0000000002", "feed_health", "medium", None, "feed went silent " + "y" * 150),
        ],
    )
    monkeypatch.setenv("COLUMNS", columns)
    assert main(["alerts", "list", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line) <= int(columns) for line in lines), lines
    assert lines[0].split()[:4] == ["created", "id", "kind", "severity"]
    by_id = {line.split()[2]: line.split() for line in lines[1:3]}
    assert by_id["f00dfeedbeef"][3:5] == ["recurrence", "high"]
    assert by_id["c0ffee000000"][3:5] == ["feed_health", "medium"]
    assert main(["alerts", "show", "c0ffee000000", "--db", db]) == 0


def test_fit_widths_cuts_the_widest_columns_and_keeps_marked_ones():
    from newswatch.cli.common import fit_widths

    assert fit_widths([5, 10], 80) == [5, 10]
    # 3 gaps of 2: 34 cells for four columns; the two wide ones share what is left equally
    assert fit_widths([4, 6, 50, 70], 40) == [4, 6, 12, 12]
    assert fit_widths([20, 50, 70], 40, keep=[True]) == [20, 8, 8]
    assert all(w >= 3 for w in fit_widths([30, 30, 30, 30], 10))


def test_help_flags_take_no_value_and_paragraphs_are_not_broken(capsys, monkeypatch):
    """Typer's Rich help showed `--json <bool>` (as if it took a value) and kept the
    docstrings' source line breaks (ragged half-lines)."""
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["sql", "--help"]) == 0
    out = capsys.readouterr().out
    assert "<bool>" not in out
    assert "--db" in out and "PATH" in out
    assert any(
        "--allow-files; DuckDB's whole error (hint, caret) is shown." in line for line in out.splitlines()
    )
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    panel = text[text.index("Commands") :].splitlines()[1:]
    rows = [ln for ln in panel if ln.startswith("│")]
    # each command's summary is one line at 200 columns: no continuation rows
    assert rows and all(not ln.startswith("│  ") for ln in rows), rows
    assert any(ln.split()[1] == "report" for ln in rows)


def test_alerts_list_filter_typos_and_an_empty_window_are_errors(db, capsys):
    """`--kind recurrnce` used to print an empty list (rc 0), as if nothing had fired."""
    _insert_alerts(db, [("f00d01", "recurrence", "high", None, "s")])
    assert main(["alerts", "list", "--kind", "recurrnce", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "did you mean recurrence?" in err and len(err.strip().splitlines()) == 1
    assert main(["alerts", "list", "--theatre", "turkey", "--db", db]) == 2
    assert "did you mean turkey-russia-iran?" in capsys.readouterr().err
    assert main(["alerts", "list", "--severity", "HIGH", "--json", "--db", db]) == 0
    assert [r["alert_id"] for r in json.loads(capsys.readouterr().out)] == ["f00d01"]
    assert main(["alerts", "list", "--since", "2026-03-20", "--until", "2026-03-01", "--db", db]) == 2
    assert "--until 2026-03-01 is not after --since 2026-03-20" in capsys.readouterr().err


def test_sql_now_asks_a_past_warehouse_as_of_its_time_and_an_empty_answer_says_so(db, capsys):
    """On a demo or replayed warehouse `--query recurrences-last-week` was silently empty."""
    _insert_alerts(db, [("f00d01", "recurrence", "high", "AIRSTRIKE|x", "s")])  # 2026-03-01
    assert main(["sql", "--query", "recurrences-last-week", "--format", "json", "--db", db]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    assert "--now" in captured.err  # the hint: the warehouse's data ends long before today
    args = ["sql", "--query", "recurrences-last-week", "--now", "2026-03-05", "--json"]
    assert main([*args[:-1], "--format", "json", "--db", db]) == 0
    captured = capsys.readouterr()
    assert [r["summary"] for r in json.loads(captured.out)] == ["s"] and captured.err == ""
    assert main(["sql", "SELECT 1", "--now", "soonish", "--db", db]) == 2
    assert "--now 'soonish' is not a time" in capsys.readouterr().err


def test_migrate_status_and_the_saved_query_list_have_json(db, capsys):
    """Every listing has --json: `migrate --status` and `sql --list-queries` had none."""
    assert main(["migrate", "--db", db]) == 0
    capsys.readouterr()
    assert main(["migrate", "--status", "--json", "--db", db]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status and all(m["applied"] and m["applied_at"] for m in status)
    assert status[0]["version"] == 1 and status[0]["name"] == "core"
    assert main(["migrate", "--json", "--db", db]) == 2
    assert "--status" in capsys.readouterr().err
    assert main(["sql", "--list-queries", "--format", "json"]) == 0
    listed = {q["name"]: q for q in json.loads(capsys.readouterr().out)}
    assert listed["m4-bombings"]["question"] and listed["m4-bombings"]["path"].endswith("m4-bombings.sql")


def test_column_names_are_printed_as_given_not_as_markup(wh, capsys):
    """A column named '[/]' crashed the table (Rich markup) with rc 1."""
    assert main(["sql", 'SELECT 1 AS "[/]", 2 AS "[red]x[/]"', "--db", wh]) == 0
    assert capsys.readouterr().out.splitlines()[0].split() == ["[/]", "[red]x[/]"]
    assert main(["sql", 'SELECT 1 AS "[/]"', "--wide", "--db", wh]) == 0
    assert capsys.readouterr().out.splitlines()[0].strip() == "[/]"


def test_table_cells_show_utc_times_to_the_second_and_other_zones_whole():
    from datetime import UTC, datetime, timedelta, timezone

    from newswatch.cli.common import cell

    assert cell(datetime(2026, 3, 29, 23, 59, 59, 830919, tzinfo=UTC)) == "2026-03-29 23:59:59"
    plus2 = timezone(timedelta(hours=2))
    assert cell(datetime(2026, 3, 29, 23, 59, tzinfo=plus2)) == "2026-03-29T23:59:00+02:00"
    assert cell(["a", 1]) == '["a", 1]'


def test_a_table_too_wide_for_the_terminal_names_the_columns_left_out(wh, capsys, monkeypatch):
    """Fifteen columns in 80 cells were each cut to two characters ('20…'): unreadable.
    Now the leading columns that fit keep at least 8 cells and the rest are named."""
    monkeypatch.setenv("COLUMNS", "80")
    cols = ", ".join(f"'2026-03-29 23:59:{i:02d}' AS c{i:02d}" for i in range(15))
    assert main(["sql", f"SELECT {cols}", "--db", wh]) == 0
    lines = capsys.readouterr().out.splitlines()
    shown = lines[0].split()
    assert 3 <= len(shown) < 15 and shown == [f"c{i:02d}" for i in range(len(shown))]
    assert all(len(v) >= 8 for v in lines[1].split()) and all(len(ln) <= 80 for ln in lines[:2])
    hidden = [f"c{i:02d}" for i in range(len(shown), 15)]
    assert lines[2] == (
        f"({len(hidden)} more columns not shown: {', '.join(hidden)} — --wide shows every column, "
        "as do --format csv and json; or name fewer)"
    )
    assert main(["sql", f"SELECT {cols}", "--format", "csv", "--db", wh]) == 0
    assert capsys.readouterr().out.splitlines()[0].count(",") == 14


def test_eval_alerts_refuses_a_db_it_would_not_read(db, capsys):
    """`eval alerts --db X` replayed the gold into a fresh warehouse and ignored X silently."""
    assert main(["eval", "alerts", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "--db is read only with --feedback" in err and len(err.strip().splitlines()) == 1
