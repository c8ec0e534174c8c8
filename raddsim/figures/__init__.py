"""Figures from records: headline metrics with confidence intervals, crew readiness."""
