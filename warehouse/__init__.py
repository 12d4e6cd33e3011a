"""The DuckDB warehouse: migrations, connections, bulk loads and named queries.

All SQL lives here, in `migrations/NNN_name.sql` and `queries/<name>.sql`.
"""

from warehouse.db import WarehouseBusy, connect, migrate, migration_status, named_query

__all__ = ["WarehouseBusy", "connect", "migrate", "migration_status", "named_query"]
