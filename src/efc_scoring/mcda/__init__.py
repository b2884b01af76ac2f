"""Multi-criteria lenses on an award: method comparison, sensitivity and robustness."""
