"""How the hot compiled loops are compiled: `kernel`, Numba without reference counting.

Numba counts the references to every array a compiled function is given, names or takes a
view of: an atomic increment and decrement each, at every call, and at every turn of a loop
that names an array. In the optimiser's search they took a third of the time. A `kernel` is
compiled without them (Numba's `_nrt=False`), so it must neither allocate an array (np.empty,
np.argsort, .copy(), a slice assigned from another array: Numba refuses to compile those) nor
return or keep one, nor call a function that returns one: every array it touches is its
caller's. A `numba.njit` function compiled for a kernel's call is compiled as a kernel (Numba
passes the setting on), so functions that allocate stay `numba.njit` and are called from other
`numba.njit` functions only (the search's `step` calls `survive` and `refill`; no kernel does).
"""

from __future__ import annotations

import numba


def kernel(function=None, **options):
    """`numba.njit(cache=True, **options)`, without reference counting (see above)."""
    if function is None:
        return lambda function: kernel(function, **options)
    return numba.njit(cache=True, _nrt=False, **options)(function)
