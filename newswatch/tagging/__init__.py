"""Tagging: gazetteer, spaCy pipeline, theatre scores, event extraction, date resolution."""
