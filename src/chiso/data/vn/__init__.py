"""The lists of Vietnam's administrative units before and after 1/7/2025 and their links (see NOTICE)."""
