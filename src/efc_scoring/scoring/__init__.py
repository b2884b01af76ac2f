"""Scoring: price formulas, numeric criteria, abnormally low offers, weighted totals, ranking."""
