import gc
import sys

gc.disable()  # importing allocates much and frees little: no collection need walk it all, again and again
from vmo_core.cli import main, process_started  # noqa: E402

gc.freeze()  # the modules' objects live as long as the process
gc.enable()
code = main(started=process_started())  # as a program, time limits count from the process's start
gc.freeze()  # the collector need not walk the compiled kernels' objects at exit: 0.25 s after a search
sys.exit(code)
