"""The Guardian recurrence timeline (tests/gold/recurrence_guardian): leads read from the corpus by
row + text hash, roles recomputed from the story tables, several real timelines scored and pooled."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from newswatch.alert_eval import AlertScore, evaluate_real_timelines, pool_scores, timeline_labels
from newswatch.config import SEEDS_DIR
from newswatch.gold_sets import (
    GUARDIAN_SDF,
    SPLITS,
    GoldError,
    feed_lead,
    load_recurrence_gold,
    read_jsonl,
    recurrence_roles,
    text_sha1,
)

GOLD = Path(__file__).parent / "gold"
GUARDIAN = GOLD / "recurrence_guardian"
RULES = Path(SEEDS_DIR) / "alerts.yaml"


def test_lead_is_the_first_sentence_and_one_or_two_more():
    text = "Turkey shelled Afrin on “Monday.” Kurdish fighters said five died. It went on. And on."
    assert feed_lead(text) == (
        "Turkey shelled Afrin on “Monday.”",
        "Kurdish fighters said five died. It went on.",
    )
    long_second = "A first one. " + "B" * 160 + " ends here. Third sentence."
    title, description = feed_lead(long_second)
    assert title == "A first one." and description.endswith("ends here.") and "Third" not in description
    assert feed_lead("  ") == ("", "")


def test_items_carry_no_text_and_are_ordered_by_date():
    items = read_jsonl(GUARDIAN / "items.jsonl")
    assert [i["rid"] for i in items] == [f"g{n:03d}" for n in range(1, len(items) + 1)]
    assert [i["published"] for i in items] == sorted(i["published"] for i in items)
    assert all(i["published"].startswith(i["date"]) for i in items)
    assert len({i["row"] for i in items}) == len(items)
    for item in items:
        assert not {"title", "description", "text"} & set(item)


def test_loader_finds_every_guardian_lead(corpus):
    labels, stories = timeline_labels(GUARDIAN)
    timeline, expected, cut = load_recurrence_gold(GUARDIAN, corpus, labels, stories)
    items = read_jsonl(GUARDIAN / "items.jsonl")
    assert len(timeline) == len(items) == 249 and cut
    assert all(a["title"] and a["text"] and a["source"] == "guardian" for a in timeline)
    assert len({a["url"] for a in timeline}) == len(timeline)
    assert expected and {e["split"] for e in expected} <= set(SPLITS)
    assert json.dumps(timeline)


def _fake_corpus(root: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A corpus folder holding a Guardian-format zip with these (index, date, text) rows."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["", "date", "text", "source"])
    writer.writerows([(i, d, t, "Guardian") for i, d, t in rows])
    path = root / GUARDIAN_SDF
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("Guardian_SDF_sample.csv", buf.getvalue())
    return root


def _guardian_dir(
    root: Path, rows: list[tuple[str, str, str]], labels: list[dict], stories: list[dict], name: str = ""
) -> Path:
    folder = root / (name or "recurrence_guardian")
    folder.mkdir()
    items = [
        {
            "rid": f"g{n:03d}",
            "row": i,
            "date": d,
            "published": f"{d}T12:00:00+00:00",
            "text_sha1": text_sha1(t),
        }
        for n, (i, d, t) in enumerate(rows, start=1)
    ]
    for name, content in (
        ("items.jsonl", items),
        ("pass_a.jsonl", labels),
        ("stories_pass_a.jsonl", stories),
    ):
        (folder / name).write_text("".join(json.dumps(r) + "\n" for r in content), encoding="utf-8")
    return folder


def test_loader_refuses_a_changed_or_missing_corpus(tmp_path):
    rows = [("5", "2018-01-21", "Turkey launched an offensive on Afrin. Kurdish forces resisted.")]
    labels = [{"rid": "g001", "story": "noise-01", "copy_of": None}]
    folder = _guardian_dir(tmp_path, rows, labels, [{"story": "noise-01", "role": "noise"}])
    changed = _fake_corpus(tmp_path / "changed", [("5", "2018-01-21", "Another text entirely.")])
    with pytest.raises(GoldError, match="changed"):
        load_recurrence_gold(folder, changed, "pass_a.jsonl", "stories_pass_a.jsonl")
    with pytest.raises(GoldError, match="not at"):
        load_recurrence_gold(folder, tmp_path / "nowhere", "pass_a.jsonl", "stories_pass_a.jsonl")
    same = _fake_corpus(tmp_path / "same", rows)
    timeline, _, _ = load_recurrence_gold(folder, same, "pass_a.jsonl", "stories_pass_a.jsonl")
    assert timeline[0]["title"] == "Turkey launched an offensive on Afrin."


def _story(name: str, key: str, day: str) -> dict:
    return {"story": name, "type": key.split("|")[0], "key": key, "event_date": day}


def test_roles_follow_the_rule():
    a = "AIRSTRIKE|adm1:syr-idlib|org:hts+state:rus"
    stories = [
        _story("s1", a, "2018-01-01"),
        _story("s2", a, "2018-01-02"),  # one day later: not a recurrence, a near-miss of nothing (same key)
        _story("s3", "SHELLING|adm1:syr-idlib|org:hts+state:rus", "2018-01-05"),  # type differs: near-miss
        _story("s4", a, "2018-01-20"),  # recurs s1 and s2
        _story("s5", a, "2018-04-01"),  # 71 days after s4: outside the window
        _story("m1", "MIL_DEPLOYMENT|state:syr|state:usa", "2018-01-01"),
        _story("m2", "MIL_DEPLOYMENT|state:syr|state:usa", "2018-01-10"),  # never recurs
        {"story": "noise-01", "type": None, "key": None, "event_date": None},
    ]
    roles = recurrence_roles(stories)
    assert roles["s4"]["role"] == "recurrence" and roles["s4"]["recurs"] == ["s1", "s2"]
    assert roles["s1"]["role"] == "first" and roles["s2"]["role"] == "first"
    assert roles["s3"]["role"] == "near-miss" and roles["s3"]["reason"].startswith("near-miss of s1 (4 d")
    assert roles["s5"]["role"] == "single"
    assert roles["m2"]["role"] == "single" and roles["noise-01"]["role"] == "noise"


TABLES = [
    ("recurrence_streams", "gold.jsonl", "stories.jsonl"),
    ("recurrence_streams", "pass_a.jsonl", "stories_pass_a.jsonl"),
    ("recurrence_guardian", "pass_a.jsonl", "stories_pass_a.jsonl"),
    ("recurrence_guardian", "pass_b.jsonl", "stories_pass_b.jsonl"),
    ("recurrence_guardian", "gold.jsonl", "stories.jsonl"),
]


@pytest.mark.parametrize(("folder", "labels", "table"), TABLES)
def test_roles_recompute_from_the_table(folder, labels, table):
    path = GOLD / folder / table
    if not path.is_file():
        pytest.skip(f"{path} not written yet (adjudication pending)")
    rows = read_jsonl(path)
    roles = recurrence_roles(rows)
    for row in rows:
        recomputed = roles[row["story"]]
        assert (row["role"], row["recurs"]) == (recomputed["role"], recomputed["recurs"]), row
    by_story = {r["story"]: r for r in rows}
    for label in read_jsonl(GOLD / folder / labels):  # every item's story is in the table, same key
        assert label["story"] in by_story and label.get("key") == by_story[label["story"]]["key"]


def test_pooled_score_adds_the_timelines():
    one = AlertScore(expected=3, alerts=2, tp=["s1 (a)"], fp=["s9 (b)"], fn=["s2", "s3"], delays_h=[5.0])
    two = AlertScore(expected=1, alerts=1, tp=["s4 (c)"], delays_h=[7.0], from_copies=1)
    pooled = pool_scores({"streams": one, "guardian": two})
    assert (pooled.expected, pooled.alerts, pooled.from_copies) == (4, 3, 1)
    assert pooled.tp == ["streams:s1 (a)", "guardian:s4 (c)"] and pooled.fn == ["streams:s2", "streams:s3"]
    assert pooled.precision == pytest.approx(2 / 3) and pooled.recall == pytest.approx(2 / 4)
    assert pooled.median_delay_h == 6.0


def _drone_timeline(tmp_path: Path, names: tuple[str, ...]) -> tuple[Path, list[Path], int]:
    """Guardian-format timelines (invented text in a temporary corpus): four Turkish drone strikes
    on the YPG in Hasakah two weeks apart, labelled as pass A with recomputed roles."""
    days = ["2018-01-08", "2018-01-22", "2018-02-05", "2018-02-19"]
    rows = [
        (
            str(n),
            day,
            f"Turkish drones struck YPG positions near Qamishli in Hasakah province, killing {n + 2} "
            "fighters. The Kurdish-led forces said the strikes hit a checkpoint.",
        )
        for n, day in enumerate(days)
    ]
    labels = [{"rid": f"g{n:03d}", "story": f"s{n}", "copy_of": None} for n in range(1, len(rows) + 1)]
    key = "AIRSTRIKE|adm1:syr-hasakah|org:ypg+state:tur"
    stories = [_story(f"s{n}", key, day) for n, day in enumerate(days, start=1)]
    for story, role in zip(stories, recurrence_roles(stories).values(), strict=True):
        story.update(role=role["role"], recurs=role["recurs"])
    corpus = _fake_corpus(tmp_path / "corpus", rows)
    return corpus, [_guardian_dir(tmp_path, rows, labels, stories, name) for name in names], len(days)


def test_timelines_are_replayed_apart_and_scored_on_pass_a_until_adjudicated(tmp_path):
    corpus, (folder,), days = _drone_timeline(tmp_path, ("recurrence_guardian",))
    assert timeline_labels(folder) == ("pass_a.jsonl", "stories_pass_a.jsonl")
    seen = []
    scored = evaluate_real_timelines(
        [folder, folder], corpus, RULES, SEEDS_DIR, progress=lambda done, total: seen.append((done, total))
    )
    assert [t.labels for t in scored] == ["pass_a.jsonl", "pass_a.jsonl"]
    assert scored[0].kind == "real-article"
    assert sum(t.scores[h].expected for t in scored for h in SPLITS) == 2 * 3  # s2..s4 recur, twice
    assert seen[-1][0] == seen[-1][1] == 2 * days  # both replays counted on one bar
    for half in SPLITS:  # same timeline twice: same alerts in each warehouse
        assert scored[0].scores[half].alerts == scored[1].scores[half].alerts


def test_eval_alerts_prints_each_timeline_and_the_pooled_total(tmp_path, capsys):
    from newswatch.cli import main

    corpus, folders, _ = _drone_timeline(tmp_path, ("first_timeline", "second_timeline"))
    args = ["eval", "alerts", "--split", "both", "--quiet", "--corpus", str(corpus)]
    for folder in folders:
        args += ["--gold-dir", str(folder)]
    assert main(args) == 0
    out = capsys.readouterr().out
    for half in SPLITS:
        for name in ("first_timeline", "second_timeline"):
            assert f"real-article timeline ({name}), {half}: [pass_a.jsonl: not adjudicated yet]" in out
        assert f"pooled over the real timelines (first_timeline + second_timeline), {half}:" in out
    # per timeline: tune 1 (s2), held_out 2 (s3, s4); pooled: tune 2, held_out 4
    assert [out.count(f"expected alerts {n},") for n in (1, 2, 4)] == [2, 3, 1]
    assert main([*args[:6], "--gold-dir", str(tmp_path / "nothing")]) == 2
