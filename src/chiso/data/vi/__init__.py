"""A list of Vietnamese syllables, to read back texts whose letters were lost (see NOTICE)."""
