"""Pydantic models of a tender: lots, criteria tree, scales, questions, offers, evaluators, scores."""
