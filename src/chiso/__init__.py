"""chiso: indicator catalogue, values, checks, evaluation and reports for Vietnamese provinces."""

__version__ = "0.1.0"
