"""`--config` and the settings through the CLI, end to end: the defaults of `--db`,
`--feeds` and `--rules` come from flags > NEWSWATCH_* variables > newswatch.toml > the
shipped defaults, with a real newswatch.toml in a temporary folder. Read commands still
create nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newswatch.cli import main
from newswatch.settings import DEFAULT_FEEDS, DEFAULT_RULES


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A working folder with copies of the shipped feed list and rules under names that say
    where each would be chosen from, and no NEWSWATCH_* setting in the environment."""
    for var in ("NEWSWATCH_CONFIG", "NEWSWATCH_DB", "NEWSWATCH_FEEDS", "NEWSWATCH_RULES"):
        monkeypatch.delenv(var, raising=False)
    work = tmp_path / "work"
    work.mkdir()
    for origin in ("file", "env", "flag", "other"):
        shutil.copy(DEFAULT_FEEDS, tmp_path / f"{origin}_feeds.yaml")
        shutil.copy(DEFAULT_RULES, tmp_path / f"{origin}_rules.yaml")
    monkeypatch.chdir(work)
    return tmp_path


def _toml(path: Path, prefix: str) -> Path:
    # relative paths in a config file are relative to the file's folder
    path.write_text(
        f'db = "{prefix}.duckdb"\nfeeds = "../{prefix}_feeds.yaml"\nrules = "../{prefix}_rules.yaml"\n'
    )
    return path


def _paths(capsys, *args: str) -> dict[str, Path]:
    """{what: path} of `rules check --json` (alert rules and feed list as resolved)."""
    assert main([*args, "rules", "check", "--json"]) == 0
    return {r["what"]: Path(r["path"]).resolve() for r in json.loads(capsys.readouterr().out)}


def _missing_db(capsys, *args: str, extra: tuple[str, ...] = ()) -> str:
    """The warehouse path a read command resolved (it does not exist: nothing is created)."""
    assert main([*args, "alerts", "list", *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newswatch: error: no warehouse at ")
    return err.removeprefix("newswatch: error: no warehouse at ").split(" — ")[0]


def test_defaults_when_there_is_no_config(folder, capsys):
    paths = _paths(capsys)
    assert paths["alert rules"] == Path(DEFAULT_RULES) and paths["feed list"] == Path(DEFAULT_FEEDS)
    assert _missing_db(capsys) == "data/newswatch.duckdb"
    assert not (folder / "work" / "data").exists()


def test_flags_over_env_over_file_over_defaults(folder, capsys, monkeypatch):
    work = folder / "work"
    _toml(work / "newswatch.toml", "file")  # found in the current folder
    paths = _paths(capsys)
    assert paths["alert rules"] == folder / "file_rules.yaml"
    assert paths["feed list"] == folder / "file_feeds.yaml"
    assert _missing_db(capsys) == str(work / "file.duckdb")

    monkeypatch.setenv("NEWSWATCH_FEEDS", str(folder / "env_feeds.yaml"))
    monkeypatch.setenv("NEWSWATCH_DB", str(folder / "env.duckdb"))
    paths = _paths(capsys)
    assert paths["feed list"] == folder / "env_feeds.yaml"  # env over file
    assert paths["alert rules"] == folder / "file_rules.yaml"  # the file still gives the rest
    assert _missing_db(capsys) == str(folder / "env.duckdb")

    assert main(["rules", "check", "--json", "--feeds", str(folder / "flag_feeds.yaml")]) == 0
    by_flag = {r["what"]: r["path"] for r in json.loads(capsys.readouterr().out)}
    assert by_flag["feed list"] == str(folder / "flag_feeds.yaml")  # flag over env
    flag_db = str(folder / "flag.duckdb")
    assert _missing_db(capsys, extra=("--db", flag_db)) == flag_db
    assert not any(p.suffix == ".duckdb" for p in folder.rglob("*"))  # read commands create nothing


def test_config_flag_and_variable_name_the_file(folder, capsys, monkeypatch):
    work = folder / "work"
    _toml(work / "newswatch.toml", "file")
    (folder / "conf").mkdir()
    other = _toml(folder / "conf" / "elsewhere.toml", "other")
    # NEWSWATCH_CONFIG over ./newswatch.toml
    monkeypatch.setenv("NEWSWATCH_CONFIG", str(other))
    assert _paths(capsys)["feed list"] == folder / "other_feeds.yaml"
    # --config (relative to the current folder) over NEWSWATCH_CONFIG
    monkeypatch.setenv("NEWSWATCH_CONFIG", str(work / "newswatch.toml"))
    assert _paths(capsys, "--config", "../conf/elsewhere.toml")["alert rules"] == folder / "other_rules.yaml"
    db = _missing_db(capsys, "--config", "../conf/elsewhere.toml")
    assert Path(db).resolve() == folder / "conf" / "other.duckdb"
    # feeds check reads the same settings
    assert main(["--config", str(other), "feeds", "check", "--json"]) == 0
    assert f"no warehouse at {folder / 'conf' / 'other.duckdb'}" in capsys.readouterr().err


def test_a_bad_config_is_one_line_and_exit_2(folder, capsys, monkeypatch):
    assert main(["--config", "missing.toml", "alerts", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newswatch: error: --config: no config file at ") and len(err.splitlines()) == 1
    (folder / "work" / "newswatch.toml").write_text("db = \n")
    assert main(["alerts", "list"]) == 2
    err = capsys.readouterr().err
    assert "newswatch.toml" in err and "Traceback" not in err and len(err.splitlines()) == 1
    (folder / "work" / "newswatch.toml").write_text('colour = "blue"\n')
    assert main(["rules", "check"]) == 2
    assert "unknown key(s) colour" in capsys.readouterr().err
