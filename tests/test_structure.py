"""The layout promises: pure logic imports no Prefect; the CLI lists its commands."""

from __future__ import annotations

import subprocess
import sys

PURE_MODULES = [
    "newswatch.feeds",
    "newswatch.extract",
    "newswatch.http",
    "newswatch.dedup",
    "newswatch.ingest",
    "newswatch.tagging.tagger",
    "newswatch.detect",
    "newswatch.alerts",
    "newswatch.rules",
    "newswatch.cycle",
    "newswatch.delivery",
    "warehouse.store",
]


def test_pure_logic_does_not_import_prefect():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in PURE_MODULES)
        + "bad = [m for m in sys.modules if m == 'prefect' or m.startswith('prefect.')]\n"
        "print(len(bad)); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_cli_help_lists_commands():
    proc = subprocess.run([sys.executable, "-m", "newswatch.cli", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    for command in ("run", "sql", "migrate", "schema", "feeds", "alerts"):
        assert command in proc.stdout


def test_the_model_setting_reaches_the_tagger(monkeypatch):
    """NEWSWATCH_SPACY_MODEL (README) is what the pipeline loads: a missing model fails
    naming it instead of being silently ignored."""
    import pytest

    from newswatch.cycle import get_tagger

    monkeypatch.setenv("NEWSWATCH_SPACY_MODEL", "no_such_model_xyz")
    with pytest.raises(OSError, match="no_such_model_xyz"):
        get_tagger()
