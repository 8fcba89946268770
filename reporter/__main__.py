"""``python -m reporter`` is the ``reporter`` command."""

from reporter.cli import main

main(prog_name="reporter")
