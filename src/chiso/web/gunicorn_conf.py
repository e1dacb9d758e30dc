"""gunicorn's settings for `chiso serve` (``-c python:chiso.web.gunicorn_conf``): its logs under CHISO_HOME/logs.

The rest of what `chiso serve` asks of gunicorn is on its command line (chiso.cli.web).
"""

from __future__ import annotations

from chiso.web.env import home
from chiso.web.logs import gunicorn_logging

logconfig_dict = gunicorn_logging(home() / "logs")
