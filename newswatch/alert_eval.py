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
            score.fp.append(f"{story} ({alert_id}) {_alert_summary(db, alert_id)}".rstrip())
    score.fn = [_missed(want[s]) for s in sorted(set(want) - hit)]
    return score


def _missed(story: dict[str, Any]) -> str:
    """A missed story with its gold key and the stories it repeats, for --errors."""
    recurs = ", ".join(story.get("recurs") or [])
    return " ".join(x for x in (story["story"], story.get("key"), recurs and f"recurs {recurs}") if x)


def _alert_summary(db: str, alert_id: str) -> str:
    """A false alert's rule and one-line summary (what matched what), for --errors."""
    row = reports.alert(db, alert_id)
    if row is None:
        return ""
    exp = json.loads(row[2]) if isinstance(row[2], str) else row[2]
    return f"[{exp.get('rule', '?')}] {exp.get('summary', '')}"


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
    return _offset_progress(progress, 0, _count_days(path)) if progress else None


def _count_days(path: str | Path) -> int:
    """How many one-day batches run_replay makes of a timeline file."""
    from newswatch import replay

    return sum(1 for _ in replay.day_batches(replay.collect([str(path)]), timedelta(days=1)))


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
    timelines = evaluate_real_timelines([gold_dir], corpus_dir, rules_path, seeds_dir, db, progress)
    return timelines[0].scores


@dataclass
class TimelineScores:
    """One real timeline's scores per half (`tune`, `held_out`), with what was scored."""

    name: str
    kind: str  # "real-stream", "real-snapshot" (feed items) or "real-article" (articles read as feed items)
    labels: str  # the label file scored: gold.jsonl, or pass_a.jsonl before adjudication
    scores: dict[str, AlertScore]


def timeline_labels(gold_dir: str | Path) -> tuple[str, str]:
    """(labels, stories) files of a real timeline: the adjudicated gold when present, else pass A
    (a timeline still being labelled is scored on pass A and says so)."""
    gold_dir = Path(gold_dir)
    for labels, stories in (("gold.jsonl", "stories.jsonl"), ("pass_a.jsonl", "stories_pass_a.jsonl")):
        if (gold_dir / labels).is_file() and (gold_dir / stories).is_file():
            return labels, stories
    raise FileNotFoundError(
        f"{gold_dir}: no gold.jsonl + stories.jsonl (nor pass_a.jsonl + stories_pass_a.jsonl)"
    )


def evaluate_real_timelines(
    gold_dirs: list[str | Path],
    corpus_dir: str | Path,
    rules_path: str | Path,
    seeds_dir: str | Path,
    db: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[TimelineScores]:
    """Replay each real recurrence timeline (tests/gold/recurrence_streams, recurrence_guardian,
    recurrence_snapshots) whole into its own fresh warehouse and score each half on its own
    stories. `progress(done, total)` counts the simulated days of all timelines together."""
    from newswatch.alert_rules import load_rules
    from newswatch.gold_sets import load_recurrence_gold, read_jsonl
    from newswatch.stages.history import run_replay

    work = Path(tempfile.mkdtemp(prefix="newswatch-eval-"))
    loaded = []
    for n, gold_dir in enumerate(map(Path, gold_dirs)):
        labels, stories = timeline_labels(gold_dir)
        timeline, expected, cut = load_recurrence_gold(gold_dir, corpus_dir, labels, stories)
        path = work / f"timeline-{n}.jsonl"
        path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in timeline), encoding="utf-8")
        items = read_jsonl(gold_dir / "items.jsonl")
        kind = _timeline_kind(items)
        loaded.append((gold_dir.name, kind, labels, path, timeline, expected, cut))
    days = [_count_days(x[3]) for x in loaded] if progress else [0] * len(loaded)
    rules = load_rules(rules_path)
    out = []
    for n, (name, kind, labels, path, timeline, expected, cut) in enumerate(loaded):
        target = db if db and len(loaded) == 1 else str(work / f"eval-{n}.duckdb")
        step = _offset_progress(progress, sum(days[:n]), sum(days))
        run_replay([path], target, rules, seeds_dir, progress=step)
        scores = {
            half: score_alerts(target, timeline, expected, split=half, cut=cut)
            for half in ("tune", "held_out")
        }
        out.append(TimelineScores(name, kind, labels, scores))
    return out


def _timeline_kind(items: list[dict]) -> str:
    """What a real timeline's items are: saved feed snapshots, feed streams or articles."""
    if any("snapshot" in i for i in items):
        return "real-snapshot"
    return "real-stream" if any("link" in i for i in items) else "real-article"


def _offset_progress(progress: Callable[[int, int], None] | None, before: int, total: int):
    """run_replay's progress callback for one of several timelines replayed in a row."""
    if progress is None:
        return None
    return lambda _end, report: progress(before + report.batches, total)


def pool_scores(scores: dict[str, AlertScore]) -> AlertScore:
    """Several timelines' scores as one (counts summed; story names prefixed by timeline)."""
    pooled = AlertScore()
    for name, score in scores.items():
        pooled.expected += score.expected
        pooled.alerts += score.alerts
        pooled.tp += [f"{name}:{x}" for x in score.tp]
        pooled.fp += [f"{name}:{x}" for x in score.fp]
        pooled.fn += [f"{name}:{x}" for x in score.fn]
        pooled.delays_h += score.delays_h
        pooled.from_copies += score.from_copies
        pooled.duplicates += score.duplicates
    return pooled
