"""One `spacy train` run of a text classifier into a model folder, for the training scripts
(scripts/train_relevance.py, scripts/train_event_types.py)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from spacy.cli.train import train as spacy_train
from spacy.tokens import DocBin


def train_textcat(config: Path, train: DocBin, dev: DocBin, out: Path, overrides: dict | None = None) -> Path:
    """Train with `config` on `train` (scored on `dev`) and copy the last model to `out`."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        train.to_disk(tmp / "train.spacy")
        dev.to_disk(tmp / "dev.spacy")
        paths = {"paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy")}
        spacy_train(config, tmp / "model", overrides={**paths, **(overrides or {})})
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(tmp / "model" / "model-last", out)
    return out
