"""Score alerts against a labelled timeline: precision, recall, median detection delay.

The timeline (JSON Lines) has articles with a `story` label (same label = same happening)
and `copy_of`; the expected file lists the stories that should raise a recurrence alert.
An alert counts for the story most of its cluster's articles belong to.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from warehouse import reports


@dataclass
class AlertScore:
    expected: int = 0
    alerts: int = 0
    tp: list[str] = field(default_factory=list)
    fp: list[str] = field(default_factory=list)
    fn: list[str] = field(default_factory=list)
    delays_h: list[float] = field(default_factory=list)
    from_copies: int = 0
    duplicates: int = 0

    @property
    def precision(self) -> float:
        return len(self.tp) / self.alerts if self.alerts else 0.0

    @property
    def recall(self) -> float:
        return len(self.tp) / self.expected if self.expected else 0.0

    @property
    def median_delay_h(self) -> float | None:
        return statistics.median(self.delays_h) if self.delays_h else None


def _jsonl(path: str | Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def score_alerts(
    db: str,
    timeline: list[dict[str, Any]],
    expected: list[dict[str, Any]],
    split: str | None = None,
    cut: str = "",
) -> AlertScore:
    """With `split` ("tune"/"held_out"), only that half counts: expected stories carry their
    `split`; an alert counts for the half of the story it is attributed to, or, for a story
    not in the expected list, of the day it was raised relative to `cut`."""
    from newswatch.feeds import normalise_link

    story_of = {normalise_link(a["url"]): a["story"] for a in timeline}
    is_copy = {normalise_link(a["url"]) for a in timeline if a.get("copy_of")}
    first_pub = {}
    for a in timeline:
        first_pub.setdefault(a["story"], a["published"])
    want = {e["story"]: e for e in expected if e.get("kind", "recurrence") == "recurrence"}
    story_split = {e["story"]: e.get("split") for e in expected}
    if split:
        want = {k: v for k, v in want.items() if v.get("split") == split}
    rows = reports.recurrence_alert_urls(db)
    score = AlertScore(expected=len(want))
    hit: set[str] = set()
    for alert_id, created_at, urls in rows:
        stories = Counter(story_of.get(u, "?") for u in urls)
        story = stories.most_common(1)[0][0]
        if split:
            first = first_pub.get(story, created_at.isoformat())
            half = story_split.get(story) or ("held_out" if first[:10] >= cut else "tune")
            if half != split:
                continue
        score.alerts += 1
        if all(u in is_copy for u in urls):
            score.from_copies += 1
        if story in want and story not in hit:
            hit.add(story)
            score.tp.append(f"{story} ({alert_id})")
            published = datetime.fromisoformat(first_pub[story].replace("Z", "+00:00"))
            score.delays_h.append((created_at - published).total_seconds() / 3600)
        elif story in hit:
            score.duplicates += 1
            score.fp.append(f"{story} again ({alert_id})")
        else:
            score.fp.append(f"{story} ({alert_id})")
    score.fn = sorted(set(want) - hit)
    return score


def evaluate_alerts(
    timeline_path: str | Path,
    expected_path: str | Path,
    rules_path: str | Path,
    seeds_dir: str | Path,
    db: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AlertScore:
    """Replay the timeline into a fresh warehouse and score the alerts it raised.
    `progress(done, total)` after each simulated day."""
    from newswatch.alert_rules import load_rules
    from newswatch.stages.history import run_replay

    db = db or str(Path(tempfile.mkdtemp(prefix="newswatch-eval-")) / "eval.duckdb")
    run_replay(
        [timeline_path], db, load_rules(rules_path), seeds_dir, progress=_days(timeline_path, progress)
    )
    return score_alerts(db, _jsonl(timeline_path), _jsonl(expected_path))


def _days(path: str | Path, progress: Callable[[int, int], None] | None):
    """run_replay's progress callback as `progress(days done, days in the timeline)`."""
    if progress is None:
        return None
    from newswatch import replay

    total = sum(1 for _ in replay.day_batches(replay.collect([str(path)]), timedelta(days=1)))
    return lambda _end, report: progress(report.batches, total)


def format_score(score: AlertScore, show_errors: bool = False) -> str:
    delay = score.median_delay_h
    lines = [
        f"expected alerts {score.expected}, raised {score.alerts}",
        f"precision {score.precision:.3f}  recall {score.recall:.3f}  median detection delay {delay:.1f} h"
        if delay is not None
        else "no true alerts",
        f"alerts caused by copies only: {score.from_copies}; second alerts for one story: {score.duplicates}",
    ]
    if show_errors:
        lines += ["false alerts:"] + [f"  {x}" for x in score.fp] + ["missed:"] + [f"  {x}" for x in score.fn]
    return "\n".join(lines)


def evaluate_stream_alerts(
    gold_dir: str | Path,
    corpus_dir: str | Path,
    rules_path: str | Path,
    seeds_dir: str | Path,
    db: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, AlertScore]:
    """The real-stream recurrence timeline (tests/gold/recurrence_streams): replay it whole
    (a recurrence needs its history) and score each half on its own stories."""
    from newswatch.alert_rules import load_rules
    from newswatch.gold_sets import load_recurrence_gold
    from newswatch.stages.history import run_replay

    timeline, expected, cut = load_recurrence_gold(gold_dir, corpus_dir)
    work = Path(tempfile.mkdtemp(prefix="newswatch-eval-"))
    path = work / "timeline.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in timeline), encoding="utf-8")
    db = db or str(work / "eval.duckdb")
    run_replay([path], db, load_rules(rules_path), seeds_dir, progress=_days(path, progress))
    return {half: score_alerts(db, timeline, expected, split=half, cut=cut) for half in ("tune", "held_out")}
