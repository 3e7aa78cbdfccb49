"""`kernel`: Numba without reference counts, for compiled loops that allocate no array."""

import numpy as np
import pytest
from numba.core.errors import NumbaError

from vmo_core.engine.compiled import kernel


@kernel
def _sum_of_squares(values):
    total = 0.0
    for v in values:
        total += v * v
    return total


@kernel
def _allocates(n):
    return np.zeros(n).sum()


def test_a_kernel_computes_as_numba_does():
    assert _sum_of_squares(np.array([1.0, 2.0, 3.0])) == 14.0


def test_a_kernel_that_would_allocate_an_array_does_not_compile():
    # without reference counts nothing could free the array: Numba refuses, it does not leak
    with pytest.raises(NumbaError):
        _allocates(3)
