from newswatch.cli.app import app  # noqa: F401  (doctor lands in part 4)
