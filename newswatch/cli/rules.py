"""`newswatch rules check`."""

from __future__ import annotations

from newswatch.cli.app import group
from newswatch.cli.common import (
    FeedsOpt,
    JsonOpt,
    RulesOpt,
    echo,
    err,
    feeds_path,
    print_json,
    rules_path,
)

rules_app = group("rules", "Alert rules, event rules and seeds. Example: newswatch rules check")


@rules_app.command("check")
def check(rules: RulesOpt = None, feeds: FeedsOpt = None, json: JsonOpt = False) -> int:
    """Validate the alert rules, event rules, gazetteer and feed list; problems with file:line.

    Exit 0 when all are valid, 2 otherwise.

    Example: newswatch rules check --rules seeds/alerts.yaml --feeds seeds/feeds.yaml
    """
    feeds = feeds_path(feeds)
    rules = rules_path(rules)
    from dataclasses import asdict

    from newswatch.seed_check import check_seeds

    results = check_seeds(feeds=feeds, rules=rules)
    if json:
        print_json([asdict(r) for r in results])
    else:
        for r in results:
            if r.ok:
                echo(f"ok      {r.what:<12} {r.path}: {r.detail}")
            else:
                err().print(f"[red]error[/]   {r.what:<12} {_esc(r.detail)}")
    return 0 if all(r.ok for r in results) else 2


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)
