"""`pip install .` works outside the repository: the wheel carries the seeds, the relevance
model, the warehouse's SQL and the demo world, and the installed command runs from a folder
that is not the checkout (issue 13)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "bin" / "uv"
SOURCES = ("pyproject.toml", "README.md", "newswatch", "flows", "tasks", "warehouse", "seeds")


def _run(cmd, cwd, env=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the newswatch wheel installed (the dependencies come from the
    project's .venv, added to the new venv's path without its editable install)."""
    if not UV.exists():
        pytest.skip("needs .tools/bin/uv (scripts/dev setup)")
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"  # a copy: setuptools builds in place, the checkout stays clean
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, src / name, ignore=ignore)
        else:
            shutil.copy2(source, src / name)
    built = _run([str(UV), "build", "--wheel", "--offline", "-o", str(base / "dist"), str(src)], base)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((base / "dist").glob("newswatch-*.whl"))
    venv = base / "venv"
    made = _run([str(UV), "venv", "--offline", "--python", sys.executable, str(venv)], base)
    assert made.returncode == 0, made.stderr[-2000:]
    python = venv / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], base
        ).stdout.strip()
    )
    # the dependencies: the project's site-packages as a plain path entry, so its .pth files
    # (the editable newswatch) are not processed
    (site / "project_deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    install = _run(
        [str(UV), "pip", "install", "--offline", "--no-deps", "--python", str(python), str(wheel)], base
    )
    assert install.returncode == 0, install.stderr[-2000:]
    return venv


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWATCH_")}
    env.update(HOME=str(home), PREFECT_HOME=str(home / "prefect"), NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    return env


def test_installed_package_has_its_data_and_runs_outside_the_repo(installed, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = _env(tmp_path)
    python, command = installed / "bin" / "python", installed / "bin" / "newswatch"
    probe = _run(
        [
            str(python),
            "-c",
            "import newswatch, seeds, warehouse; from newswatch.settings import load_settings;"
            "from newswatch.seeds import check_all; s = load_settings();"
            "print(newswatch.__file__); print(seeds.__file__); print(warehouse.__file__); print(s.seeds_dir);"
            "print(check_all(s.seeds_dir, s.rules, s.feeds))",
        ],
        outside,
        env,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    lines = probe.stdout.splitlines()
    assert all(str(installed) in line for line in lines[:4]), lines  # not the checkout
    assert lines[4] == "[]", lines[4]  # the shipped seeds and rules are valid

    # the data files: seeds, relevance model (extension-less spaCy files too), SQL, demo world
    seeds_dir = Path(lines[3])
    pkg = Path(lines[0]).parent
    for path in (
        seeds_dir / "feeds.yaml",
        seeds_dir / "alerts.yaml",
        seeds_dir / "event_rules.yaml",
        seeds_dir / "gazetteer" / "places_syria.yaml",
        pkg / "tagging" / "models" / "relevance" / "config.cfg",
        pkg / "tagging" / "models" / "relevance" / "tokenizer",
        pkg / "demo" / "world" / "stories.yaml",
        Path(lines[2]).parent / "migrations",
    ):
        assert path.exists(), path

    helped = _run([str(command), "--help"], outside, env)
    assert helped.returncode == 0, helped.stderr[-3000:]
    assert "migrate" in helped.stdout

    db = outside / "w.duckdb"
    migrated = _run([str(command), "migrate", "--db", str(db)], outside, env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr[-3000:]
    assert db.exists()

    if "rules" in helped.stdout:  # `newswatch rules check` (issue 12's CLI)
        checked = _run([str(command), "rules", "check"], outside, env)
        assert checked.returncode == 0, checked.stdout + checked.stderr[-3000:]
    assert not list(outside.glob("data")), "nothing written to a default path"
