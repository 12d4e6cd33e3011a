"""newswatch's shipped seed data (feeds.yaml, gazetteer/, event_rules.yaml, alerts.yaml):
a package so that an installed newswatch finds it (newswatch.settings.SEEDS_DIR)."""
