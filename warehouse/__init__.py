"""The DuckDB warehouse: migrations, connections, bulk loads and named queries.

All SQL lives here: `migrations/NNN_name.sql`, `queries/<name>.sql`, and the load
statements built from the table declarations (`tables.py`, `sql.py`). `reports.py` holds
the read-only questions (digest, alert listings, feed health, schema).
"""

from warehouse.db import WarehouseBusy, connect, migrate, migration_status, named_query, transaction

__all__ = ["WarehouseBusy", "connect", "migrate", "migration_status", "named_query", "transaction"]
