"""Prefect flows: compose the tasks. `monitor` runs one full cycle."""
