"""`python -m chiso.cli` runs the `chiso` command."""

from chiso.cli.main import app

app(prog_name="chiso")
