"""Helpers of bench/national.py: the national store's data, the hand-written baselines, chiso's steps, the pages."""
