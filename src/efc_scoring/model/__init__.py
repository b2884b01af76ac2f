"""Pydantic models of a tender: lots, criteria, scales, questions, offers, evaluators, marks."""
