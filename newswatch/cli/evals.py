"""`newswatch eval tagging|events|alerts`: scores on the gold sets (a developer's command)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newswatch.cli.app import group
from newswatch.cli.common import (
    DbOpt,
    QuietOpt,
    RulesOpt,
    UserError,
    db_path,
    echo,
    progress_bar,
    rules_path,
)
from newswatch.config import SEEDS_DIR

# The gold sets are test data of a source checkout (tests/gold) and their text is the shared
# corpus beside it; `eval` is a developer's command and takes both as options.
GOLD_DIR = Path(SEEDS_DIR).parent / "tests" / "gold"
CORPUS_DIR = Path(SEEDS_DIR).parent.parent / "shared" / "corpus"
REAL_TIMELINES = [
    GOLD_DIR / "recurrence_streams",
    GOLD_DIR / "recurrence_guardian",
    GOLD_DIR / "recurrence_snapshots",
]

eval_app = group(
    "eval", "Evaluate the tagger or the alerts on a gold set. Example: newswatch eval tagging --errors"
)


class Split(StrEnum):
    tune = "tune"
    held_out = "held_out"
    both = "both"


CorpusOpt = Annotated[
    Path, typer.Option(help="The shared corpus (the gold's text). Example: --corpus ../shared/corpus")
]
ErrorsOpt = Annotated[
    bool,
    typer.Option("--errors", help="List the errors (the tune half's only with --split). Example: --errors"),
]


def _halves(split: Split) -> list[str]:
    return ["tune", "held_out"] if split is Split.both else [split.value]


def _gold_sets(split: Split, corpus: Path, errors: bool, events_only: bool, quiet: bool) -> int:
    """The independent gold sets per half; errors are shown for the tune half only."""
    from newswatch import evaluation as ev

    if not corpus.is_dir():
        raise UserError(
            f"--corpus {corpus}: the shared corpus (the gold's text) is not there — pass --corpus DIR"
        )
    names = ("streams",) if events_only else ("streams", "articles")
    texts = []
    with progress_bar("gold sets", len(names), quiet=quiet) as advance:
        for name in names:
            advance(description=f"scoring {name}")
            reports = ev.gold_set_reports(GOLD_DIR / name, corpus, name, SEEDS_DIR)
            for half in _halves(split):
                text = ev.format_split_report(
                    name, half, reports[half], show_errors=errors and half == "tune"
                )
                lines = text.splitlines()
                texts.append(
                    "\n".join(ln for ln in lines if not (events_only and ln.startswith("  theatre")))
                )
            advance(advance=1)
    for text in texts:
        echo(text)
    return 0


@eval_app.command("tagging")
def tagging(
    gold: Annotated[
        Path, typer.Option(help="Gold set (JSON Lines). Example: --gold tests/gold/tagging.jsonl")
    ] = GOLD_DIR / "tagging.jsonl",
    errors: ErrorsOpt = False,
    plover: Annotated[
        Path | None,
        typer.Option(
            metavar="JSON", help="Score PLOVER_GSR_CAMEO.json instead. Example: --plover PLOVER.json"
        ),
    ] = None,
    guardian: Annotated[
        Path | None,
        typer.Option(
            metavar="ZIP",
            help="Recall of 'syria' on the Guardian sample zip instead. Example: --guardian g.zip",
        ),
    ] = None,
    seed: Annotated[
        Path | None,
        typer.Option(
            metavar="TXT",
            help="List the seed article's expected events found/missing. Example: --seed seed.txt",
        ),
    ] = None,
    split: Annotated[
        Split | None,
        typer.Option(
            help="Score the independent real-news gold sets (streams, articles) per half instead. "
            "Example: --split both"
        ),
    ] = None,
    corpus: CorpusOpt = CORPUS_DIR,
    quiet: QuietOpt = False,
) -> int:
    """Precision/recall/F1 of tags and event types.

    Example: newswatch eval tagging --split both --corpus ../shared/corpus
    """
    from newswatch import evaluation as ev

    if plover:
        echo(ev.format_report(ev.evaluate_plover(plover, SEEDS_DIR), show_errors=errors))
        return 0
    if guardian:
        rec = ev.evaluate_guardian(guardian, SEEDS_DIR)
        echo(f"guardian: {rec.items} articles, '{rec.tag}' recall {rec.recall:.3f} ({rec.hits}/{rec.items})")
        if errors:
            echo("\n".join(f"  missed {m}" for m in rec.misses))
        return 0
    if seed:
        echo(ev.format_seed_report(*ev.seed_article_report(seed, SEEDS_DIR)))
        return 0
    if split:
        return _gold_sets(split, corpus, errors, events_only=False, quiet=quiet)
    if not gold.is_file():
        raise UserError(f"--gold {gold}: no such file")
    with progress_bar("tagging gold set", 1, quiet=quiet) as advance:
        report = ev.evaluate_tagging(ev.load_gold(gold), SEEDS_DIR)
        advance(advance=1)
    echo(ev.format_report(report, show_errors=errors))
    return 0


@eval_app.command("events")
def events(
    split: Annotated[Split, typer.Option(help="Which half to score. Example: --split held_out")] = Split.both,
    errors: ErrorsOpt = False,
    corpus: CorpusOpt = CORPUS_DIR,
    quiet: QuietOpt = False,
) -> int:
    """Event type and type+place F1 on the real-feed gold set, per half.

    Example: newswatch eval events --split tune --errors
    """
    return _gold_sets(split, corpus, errors, events_only=True, quiet=quiet)


@eval_app.command("alerts")
def alerts(
    gold: Annotated[
        Path, typer.Option(help="Labelled timeline. Example: --gold tests/gold/alerts_timeline.jsonl")
    ] = GOLD_DIR / "alerts_timeline.jsonl",
    expected: Annotated[
        Path | None,
        typer.Option(
            help="Expected alerts (default: alerts_expected.jsonl beside --gold). Example: --expected e.jsonl"
        ),
    ] = None,
    rules: RulesOpt = None,
    errors: ErrorsOpt = False,
    split: Annotated[
        Split | None,
        typer.Option(
            help="Score the real recurrence timelines (--gold-dir) instead, per half, each and pooled. "
            "Example: --split both"
        ),
    ] = None,
    gold_dir: Annotated[
        list[Path] | None,
        typer.Option(
            help="Real timeline folder, repeatable (default: recurrence_streams, recurrence_guardian and "
            "recurrence_snapshots). "
            "Example: --gold-dir tests/gold/recurrence_streams"
        ),
    ] = None,
    corpus: CorpusOpt = CORPUS_DIR,
    feedback: Annotated[
        bool,
        typer.Option(
            "--feedback",
            help="Instead: precision as judged by the desk (alerts confirm|dismiss), by week of "
            "raising, from the warehouse. Example: --feedback --db data/newswatch.duckdb",
        ),
    ] = False,
    db: DbOpt = None,
    quiet: QuietOpt = False,
) -> int:
    """Replay a labelled timeline and score the alerts (or, with --feedback, the desk's verdicts).

    Example: newswatch eval alerts --split both --errors
    """
    rules = rules_path(rules)
    if feedback:
        from newswatch.feedback import desk_precision, format_precision

        echo("precision as judged by the desk: confirmed / (confirmed + dismissed), by week raised")
        echo(format_precision(desk_precision(db_path(db))))
        return 0
    if db is not None:
        raise UserError(
            "--db is read only with --feedback (the gold timeline is replayed into a fresh "
            "warehouse) — drop --db, or add --feedback for the desk's precision"
        )
    from newswatch.alert_eval import evaluate_alerts, format_score

    if split:
        if not corpus.is_dir():
            raise UserError(
                f"--corpus {corpus}: the shared corpus (the gold's text) is not there — pass --corpus DIR"
            )
        _real_timelines(split, gold_dir or REAL_TIMELINES, corpus, rules, errors, quiet)
        return 0
    expected = expected or gold.with_name("alerts_expected.jsonl")
    with progress_bar("replaying the timeline (days)", None, quiet=quiet) as advance:
        score = evaluate_alerts(
            gold, expected, rules, SEEDS_DIR, progress=lambda done, total: advance(done, total)
        )
    echo(format_score(score, show_errors=errors))
    return 0


def _real_timelines(
    split: Split, gold_dirs: list[Path], corpus: Path, rules, errors: bool, quiet: bool
) -> None:
    """Each real recurrence timeline per half, then (with several) their pooled total."""
    from newswatch.alert_eval import evaluate_real_timelines, format_score, pool_scores
    from newswatch.gold_sets import GoldError

    missing = [str(d) for d in gold_dirs if not (d / "items.jsonl").is_file()]
    if missing:
        raise UserError(f"--gold-dir {', '.join(missing)}: no items.jsonl there — pass a timeline folder")
    try:
        with progress_bar("replaying the timelines (days)", None, quiet=quiet) as advance:
            timelines = evaluate_real_timelines(
                gold_dirs, corpus, rules, SEEDS_DIR, progress=lambda done, total: advance(done, total)
            )
    except (GoldError, FileNotFoundError) as exc:
        raise UserError(f"cannot read a real timeline: {exc}") from None
    for half in _halves(split):
        for t in timelines:
            note = "" if t.labels == "gold.jsonl" else f" [{t.labels}: not adjudicated yet]"
            echo(f"recurrence alerts on the {t.kind} timeline ({t.name}), {half}:{note}")
            echo(format_score(t.scores[half], show_errors=errors and half == "tune"))
        if len(timelines) > 1:
            names = " + ".join(t.name for t in timelines)
            echo(f"recurrence alerts pooled over the real timelines ({names}), {half}:")
            echo(format_score(pool_scores({t.name: t.scores[half] for t in timelines})))
