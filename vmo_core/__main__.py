import gc
import sys

from vmo_core.cli import main, process_started

code = main(started=process_started())  # as a program, time limits count from the process's start
gc.freeze()  # the collector need not walk the compiled kernels' objects at exit: 0.25 s after a search
sys.exit(code)
