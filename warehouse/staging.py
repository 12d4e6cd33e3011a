"""Batches that could not be written (the warehouse was busy past the bound) wait on disk
beside the warehouse and are loaded first by the next cycle, so nothing fetched is lost.

The files are pickles of plain rows this process built; they are read only by this
project from a folder beside the warehouse file.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path
from typing import Any


def staging_dir(db: str | Path) -> Path:
    return Path(f"{db}.staging")


def stage(db: str | Path, kind: str, payload: dict[str, Any]) -> Path:
    folder = staging_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{time.time_ns()}_{os.getpid()}_{kind}.pkl"
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.rename(path)  # atomic: a half-written batch is never picked up
    return path


def staged(db: str | Path, kind: str) -> list[Path]:
    folder = staging_dir(db)
    return sorted(folder.glob(f"*_{kind}.pkl")) if folder.is_dir() else []


def read(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return pickle.load(fh)  # noqa: S301 - our own files, see module docstring
