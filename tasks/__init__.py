"""Prefect task wrappers around newswatch's plain functions (retries, timeouts, names, logs)."""
