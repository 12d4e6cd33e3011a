"""Load some of the project's modules as they were at a git revision, beside the current
ones, so a benchmark can time the code before and after a change side by side in one
process (the same machine load for both; this machine's load swings by x2 in minutes).

The old modules import each other (an old `detect` gets the old `warehouse.store`); every
other import is the current code. Their named queries are read at the revision too.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def git_show(rev: str, path: str) -> str:
    return subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def modules_at(rev: str, names: tuple[str, ...]) -> dict[str, types.ModuleType]:
    """{module name: that module's code at `rev`}; `names` in import order (a module before
    the ones importing it). The current modules are left in place."""
    query_at = functools.cache(lambda name: git_show(rev, f"warehouse/queries/{name}.sql"))
    old: dict[str, types.ModuleType] = {}
    saved: dict[str, tuple[types.ModuleType, types.ModuleType]] = {}
    try:
        for name in names:
            __import__(name)
            parent, _, child = name.rpartition(".")
            path = name.replace(".", "/") + ".py"
            module = types.ModuleType(name)
            module.__file__ = str(ROOT / path)
            saved[name] = (sys.modules[name], getattr(sys.modules[parent], child))
            # while it runs, `import <name>` and `from <parent> import <child>` find the old one
            sys.modules[name] = module
            setattr(sys.modules[parent], child, module)
            exec(compile(git_show(rev, path), str(ROOT / path), "exec"), module.__dict__)
            if "named_query" in module.__dict__:
                module.named_query = query_at
            old[name] = module
    finally:
        for name, (current, attribute) in saved.items():
            parent, _, child = name.rpartition(".")
            sys.modules[name] = current
            setattr(sys.modules[parent], child, attribute)
    return old
