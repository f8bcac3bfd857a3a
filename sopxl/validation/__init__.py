"""Findings against the official SOP AP format: the catalogue, the rules, the Temuan sheet."""
