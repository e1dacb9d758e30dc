from web.rounds.rounds_world import people, round_world

__all__ = ["people", "round_world"]
