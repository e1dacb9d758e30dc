"""Composite indices (QĐ 766, DTI) declared in a framework and scored from the computed view.

``scorecard(framework, hierarchy, source, index="qd766", unit="66", period=Period.parse("2025Q1"))`` gives
every item's rate, points and what its threshold needs, the groups' subtotals, the total and the rank
among the unit's peers; the CLI, the pages and the reports all call it.
"""
