"""newswatch: pure logic for news monitoring (no Prefect imports in this package).

Modules here take data and return data; `tasks/` wraps them as Prefect tasks and
`flows/` composes those tasks. The CLI (`newswatch.cli`) is the one exception that
imports the flows, lazily, only when a command needs them.
"""

__version__ = "0.1.0"
