"""Backtest: what a rule set would have raised over the stored history, every rule kind.

The history is copied into a throw-away warehouse and detection runs day by day with a
simulated clock, exactly as `replay` runs it (the same clustering, rules, suppression and
merging), releasing each day's articles and events as they were fetched. So over the same
history and rules, a backtest raises exactly the alerts a replay recorded. Nothing is stored
in the source warehouse and nothing is sent.

feed_health rules need the feeds' fetch history as it was at each moment, which a warehouse
does not keep: they are reported as not simulated (`NOT_SIMULATED`).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from newswatch.alert_rules import RuleSet
from newswatch.stages import detect
from warehouse.db import connect, holding, named_query
from warehouse.store import Warehouse

NOT_SIMULATED = ("feed_health",)


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def backtest(db, rules: RuleSet, since: date | None = None, progress=None) -> list[dict[str, Any]]:
    """Alerts the rules would have raised, oldest first (each with `created_for`, the day of
    its happening); only those whose happening is on or after `since` when given."""
    simulated = replace(rules, rules=[r for r in rules.rules if r.kind not in NOT_SIMULATED])
    work = Path(tempfile.mkdtemp(prefix="newswatch-backtest-"))
    try:
        sim = work / "backtest.duckdb"
        Warehouse(sim).ensure()
        with connect(sim) as con:
            con.execute(f"ATTACH {_sql_path(Path(db).resolve())} AS src (READ_ONLY)")
            con.execute(named_query("backtest_stage").replace("{src}", "src"))
            con.execute("DETACH src")
            clocks = [r[0] for r in con.execute(named_query("backtest_clocks")).fetchall()]
        fired: list[dict[str, Any]] = []
        # The throw-away warehouse is this process's alone: one connection for every day
        # (a 58-day backtest opened and checkpointed the file ~1,100 times).
        with holding(sim):
            for i, clock in enumerate(clocks):
                with connect(sim) as con:
                    con.execute(named_query("backtest_release"), [clock])
                    con.execute(named_query("backtest_release_events"))
                fired += detect.run(sim, simulated, clock, ensure=False, deliver=False)
                if progress:
                    progress(i + 1, len(clocks))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for a in fired:
        a.setdefault("created_for", a.get("happened_on"))
    if since is not None:
        fired = [a for a in fired if a.get("happened_on") is None or a["happened_on"] >= since]
    return fired
