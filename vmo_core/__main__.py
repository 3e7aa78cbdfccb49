import sys

from vmo_core.cli import main, process_started

sys.exit(main(started=process_started()))  # as a program, time limits count from the process's start
