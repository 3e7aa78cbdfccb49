"""Independent pieces of compiled work dealt out to one thread per core.

A kernel compiled with `nogil=True` runs without Python's lock, so two threads on two cores
run two of its calls at once. Each call gets every `threads`-th item of `todo` (so costly and
cheap items mix evenly) and writes only its own items' rows: the answer is the same, to the
last bit, however many threads ran it. Too few items for a second thread run in this one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

THREADS = max(1, min(4, os.cpu_count() or 1))
MIN_PER_THREAD = 8  # fewer items each than this are not worth a thread


def dealt(todo: np.ndarray, kernel: Callable[..., object], *args: object) -> list[tuple[np.ndarray, object]]:
    """`kernel(part, *args)` for each thread's part of `todo`: [(part, what the kernel returned)]."""
    threads = min(THREADS, len(todo) // MIN_PER_THREAD)
    if threads <= 1:
        return [(todo, kernel(todo, *args))]
    parts = [todo[k::threads] for k in range(threads)]
    with ThreadPoolExecutor(threads) as pool:
        calls = [pool.submit(kernel, part, *args) for part in parts]
        return [(part, call.result()) for part, call in zip(parts, calls)]
