"""Settings: one object, read once; flags > environment > newswatch.toml > defaults."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from newswatch.alert_rules import load_rules
from newswatch.settings import (
    DEFAULT_DB,
    DEFAULT_FEEDS,
    SEEDS_DIR,
    Settings,
    SettingsError,
    current_settings,
    load_settings,
    use_settings,
)

ROOT = Path(__file__).resolve().parent.parent


def _toml(folder: Path, text: str, name: str = "newswatch.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_env_or_file(tmp_path):
    s = load_settings(env={}, cwd=tmp_path)
    assert s.db == DEFAULT_DB == "data/newswatch.duckdb"
    assert s.feeds == DEFAULT_FEEDS and Path(s.feeds).is_file()
    assert Path(s.rules).is_file() and Path(s.seeds_dir) == SEEDS_DIR
    assert s.fetch_tags == ["network"] and s.write_wait == 60 and not s.allow_private_hosts
    assert s.config_file is None and s.source("db") == "default"


def test_precedence_flags_over_env_over_file_over_defaults(tmp_path):
    _toml(tmp_path, 'db = "from-file.duckdb"\nfeeds = "f.yaml"\nrules = "r.yaml"\nwrite_wait = 5\n')
    env = {"NEWSWATCH_DB": "/env/w.duckdb", "NEWSWATCH_WRITE_WAIT": "7"}
    s = load_settings(env=env, cwd=tmp_path)
    assert s.db == "/env/w.duckdb" and s.source("db") == "env"
    assert s.write_wait == 7.0
    assert s.feeds == str(tmp_path / "f.yaml") and s.source("feeds") == "file"
    assert s.fetch_timeout == 30.0 and s.source("fetch_timeout") == "default"
    flagged = load_settings(env=env, cwd=tmp_path, db="/flag/w.duckdb", feeds=None)
    assert flagged.db == "/flag/w.duckdb" and flagged.source("db") == "flag"
    assert flagged.feeds == str(tmp_path / "f.yaml")  # a flag left out (None) changes nothing
    assert s.override(rules="/x.yaml").rules == "/x.yaml"


def test_config_file_found_by_flag_then_env_then_current_folder(tmp_path):
    here = _toml(tmp_path / "cwd", 'db = "cwd.duckdb"\n')
    by_env = _toml(tmp_path / "env", 'db = "env.duckdb"\n', "a.toml")
    by_flag = _toml(tmp_path / "flag", 'db = "flag.duckdb"\n', "b.toml")
    cwd = tmp_path / "cwd"
    assert load_settings(env={}, cwd=cwd).config_file == str(here)
    env = {"NEWSWATCH_CONFIG": str(by_env)}
    assert load_settings(env=env, cwd=cwd).db == str(by_env.parent / "env.duckdb")
    s = load_settings(config=str(by_flag), env=env, cwd=cwd)
    assert s.config_file == str(by_flag) and s.db == str(by_flag.parent / "flag.duckdb")
    # relative --config is relative to the current folder; a named file must exist
    assert load_settings(config="../flag/b.toml", env={}, cwd=cwd).config_file == str(cwd / "../flag/b.toml")
    with pytest.raises(SettingsError, match="--config: no config file"):
        load_settings(config=str(tmp_path / "missing.toml"), env={}, cwd=cwd)
    with pytest.raises(SettingsError, match="NEWSWATCH_CONFIG: no config file"):
        load_settings(env={"NEWSWATCH_CONFIG": str(tmp_path / "missing.toml")}, cwd=cwd)
    assert load_settings(env={}, cwd=tmp_path).config_file is None  # no file: defaults


def test_config_file_paths_and_newswatch_table(tmp_path):
    path = _toml(tmp_path, '[newswatch]\ndb = "/abs/w.duckdb"\nseeds_dir = "myseeds"\n')
    s = load_settings(config=str(path), env={}, cwd="/")
    assert s.db == "/abs/w.duckdb" and s.seeds_dir == str(tmp_path / "myseeds")


@pytest.mark.parametrize(
    ("text", "env", "message"),
    [
        ("db = 3\n", {}, r"newswatch.toml: db: Input should be a valid string"),
        ("nosuch = 1\n", {}, r"unknown key\(s\) nosuch"),
        ("db = \n", {}, r"newswatch.toml: "),
        ("", {"NEWSWATCH_FETCH_TIMEOUT": "soon"}, r"NEWSWATCH_FETCH_TIMEOUT: "),
        ("", {"NEWSWATCH_ALLOW_PRIVATE_HOSTS": "maybe"}, r"NEWSWATCH_ALLOW_PRIVATE_HOSTS='maybe'"),
        ("", {"NEWSWATCH_DASK_WORKERS": "0"}, r"NEWSWATCH_DASK_WORKERS: .*greater than or equal to 1"),
    ],
)
def test_bad_values_name_their_source(tmp_path, text, env, message):
    _toml(tmp_path, text)
    with pytest.raises(SettingsError, match=message):
        load_settings(env=env, cwd=tmp_path)


def test_env_values_are_parsed():
    env = {
        "NEWSWATCH_ALLOW_PRIVATE_HOSTS": "yes",
        "NEWSWATCH_FETCH_TAGS": "network, slow ,",
        "NEWSWATCH_MAX_BYTES": "1024",
        "NEWSWATCH_SPACY_MODEL": "",
        "NEWSWATCH_DB": "",
    }
    s = load_settings(env=env, cwd="/")
    assert s.allow_private_hosts and s.fetch_tags == ["network", "slow"] and s.max_bytes == 1024
    assert s.spacy_model is None and s.db == DEFAULT_DB
    assert load_settings(env={"NEWSWATCH_FETCH_TAGS": ""}, cwd="/").fetch_tags == []


def test_respect_robots_precedence(tmp_path):
    """robots.txt is honoured by default; newswatch.toml < NEWSWATCH_RESPECT_ROBOTS < a flag;
    an empty variable is "not set"; a wrong value names the variable."""
    assert load_settings(env={}, cwd=tmp_path).respect_robots
    _toml(tmp_path, "respect_robots = false\n")
    s = load_settings(env={}, cwd=tmp_path)
    assert not s.respect_robots and s.source("respect_robots") == "file"
    for value, want in (("1", True), ("on", True), ("", False), ("no", False)):
        env = {"NEWSWATCH_RESPECT_ROBOTS": value}
        assert load_settings(env=env, cwd=tmp_path).respect_robots is want, value
    env = {"NEWSWATCH_RESPECT_ROBOTS": "yes"}
    assert not load_settings(env=env, cwd=tmp_path, respect_robots=False).respect_robots
    with pytest.raises(SettingsError, match=r"NEWSWATCH_RESPECT_ROBOTS='maybe': use 1/0"):
        load_settings(env={"NEWSWATCH_RESPECT_ROBOTS": "maybe"}, cwd=tmp_path)
    _toml(tmp_path, 'respect_robots = "sometimes"\n')
    with pytest.raises(SettingsError, match=r"newswatch.toml: respect_robots: "):
        load_settings(env={}, cwd=tmp_path)


def test_channel_env_names_from_the_config_file(tmp_path):
    rules = tmp_path / "alerts.yaml"
    rules.write_text(
        "channels:\n  hook: {type: apprise, url_env: OLD_URL}\n"
        "rules:\n  - {name: r, kind: recurrence, channels: [hook]}\n",
        encoding="utf-8",
    )
    _toml(tmp_path, '[channels]\nhook = "NEW_URL"\n')
    s = load_settings(env={}, cwd=tmp_path)
    assert s.channels == {"hook": "NEW_URL"}
    assert load_rules(rules, channel_env=s.channels).channels["hook"].url_env == "NEW_URL"
    assert load_rules(rules, channel_env={}).channels["hook"].url_env == "OLD_URL"
    with use_settings(s):
        assert current_settings() is s
        assert load_rules(rules).channels["hook"].url_env == "NEW_URL"
    assert current_settings() is not s


def test_settings_are_frozen_and_complete():
    s = Settings()
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen-instance error
        s.db = "x"  # type: ignore[misc]
    with pytest.raises(SettingsError, match="unknown settings"):
        s.override(nosuch=1)


def test_flow_defaults_are_not_computed_at_import():
    from prefect.utilities.callables import parameter_schema

    from flows.digest import digest
    from flows.monitor import monitor

    for flow in (monitor, digest):
        props = parameter_schema(flow).properties
        assert props["db"].get("default") is None


# Modules that may read the environment, and why: none of them reads a newswatch setting.
ENV_READERS = {
    "newswatch/alert_rules.py": "a channel's secret URL from its url_env variable (never a setting)",
    "newswatch/doctor.py": "whether each channel's secret variable is set",
    "newswatch/prefect_server.py": "Prefect's PREFECT_HOME / PREFECT_API_URL; the server child's environment",
    "newswatch/demo/run.py": "Prefect's PREFECT_API_URL",
    "flows/serve.py": "Prefect's variables for the served flows",
    "newswatch/cli/__init__.py": "NEWSWATCH_DEBUG, read before the settings so their errors get a trace",
    "newswatch/cli/common.py": "the terminal's COLUMNS",
    "newswatch/cli/demo.py": "Prefect's logging and start-up defaults for the demo",
}
NON_SETTING_VARIABLES = {"newswatch/cli/__init__.py": {"NEWSWATCH_DEBUG"}}


def _environment_uses(path: Path) -> tuple[list[int], set[str]]:
    """Lines that touch os.environ / os.getenv, and the NEWSWATCH_* names written in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in ("environ", "getenv")
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    ]
    names = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and re.fullmatch(r"NEWSWATCH_[A-Z0-9_]+", node.value)
    }  # fmt: skip
    return lines, names


def test_only_settings_reads_the_environment():
    """Settings are read in one place: outside newswatch/settings.py only ENV_READERS touch
    os.environ, for secrets and Prefect's own variables, and none of them names a
    NEWSWATCH_* variable it could read (the variable may sit on another line than the read)."""
    offenders = []
    for package in ("newswatch", "tasks", "flows", "warehouse", "seeds"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel == "newswatch/settings.py":
                continue
            lines, names = _environment_uses(path)
            if lines and rel not in ENV_READERS:
                offenders.append(f"{rel}:{lines[0]}: reads the environment")
            elif lines and names - NON_SETTING_VARIABLES.get(rel, set()):
                offenders.append(f"{rel}: reads the environment and names {sorted(names)}")
    assert not offenders, offenders
    assert all((ROOT / rel).is_file() for rel in ENV_READERS), "stale ENV_READERS"


def test_the_environment_check_would_fail(tmp_path):
    """robots.py's old read (the name in a constant, the read on another line) is caught."""
    old = tmp_path / "robots.py"
    old.write_text(
        'import os\nENV = "NEWSWATCH_RESPECT_ROBOTS"\n\n\ndef on():\n    return os.environ.get(ENV)\n'
    )
    assert _environment_uses(old) == ([6], {"NEWSWATCH_RESPECT_ROBOTS"})


def test_prefect_server_settings(tmp_path):
    """The Prefect API settings of `newswatch run` (newswatch/prefect_server.py)."""
    s = load_settings(env={}, cwd=tmp_path)
    assert (s.prefect_server, s.prefect_start_s, s.prefect_idle_s) == ("background", 180.0, 3600.0)
    _toml(tmp_path, 'prefect_server = "ephemeral"\nprefect_idle_s = 60\n')
    env = {"NEWSWATCH_PREFECT_IDLE_S": "300", "NEWSWATCH_PREFECT_START_S": "20"}
    s = load_settings(env=env, cwd=tmp_path)
    assert (s.prefect_server, s.prefect_start_s, s.prefect_idle_s) == ("ephemeral", 20.0, 300.0)
    with pytest.raises(SettingsError, match=r"NEWSWATCH_PREFECT_SERVER: Input should be 'background' or"):
        load_settings(env={"NEWSWATCH_PREFECT_SERVER": "remote"}, cwd=tmp_path)


def test_readme_documents_every_setting():
    from newswatch.settings import ENV_NAMES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for var in ENV_NAMES.values():
        assert var in readme, var
    assert "newswatch.toml" in readme and "NEWSWATCH_CONFIG" in readme


def test_queries_dir_from_the_config_file_adds_saved_queries(tmp_path):
    """`queries_dir` reaches `newswatch sql --query` from newswatch.toml too (it was read from
    the variable only, so the file key was silently ignored)."""
    from warehouse import saved_queries

    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "my-question.sql").write_text("-- Mine\nSELECT 1;\n", encoding="utf-8")
    _toml(tmp_path, 'queries_dir = "q"\n')
    with use_settings(load_settings(env={}, cwd=tmp_path)):
        assert saved_queries.get("my-question").title == "Mine"
    with use_settings(load_settings(env={}, cwd=tmp_path / "q")), pytest.raises(KeyError):
        saved_queries.get("my-question")
