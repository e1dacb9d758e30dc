"""The entry app keeps no models of its own: submissions and their locks belong to the store
(:mod:`chiso.store.models.submissions`), whose migrations took them over with their tables."""
