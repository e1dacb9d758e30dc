"""Mapping files shipped with chiso: vendor columns and codes onto the canonical procedure and dossier columns."""
