"""The province → ministry exchange: approved figures shipped as a package, and the same SDMX-CSV as open data.

A package is a zip of an SDMX-CSV 2.0 file (``sdmx``: one observation per figure, its value's exact text,
note and citation) and a JSON manifest (``package``: who exported it and when, the frameworks with a digest
of their definition, the units, periods, each figure's approval and who recorded it, the CSV's sha256).
``plan`` compares a package with what a store holds: each figure new, changed (old → new) or as stored, and
the periods the receiving store has locked. Nothing here touches a database; ``chiso.store.exchange`` does.
"""
