"""Which matrix-product library thinc uses on the CPU.

thinc's `NumpyOps` multiplies matrices with blis by default. On the machines kg is built and
measured on (2-core AMD EPYC VMs), blis reaches about 30 GFLOPS on one core for the shapes of kg's
NER network, while numpy's bundled OpenBLAS reaches about 85-90 (`benchmarks/ner_bench.py` prints
both, measured in the same run). The matrix products are about 70% of the pipeline's time, so kg
loads and trains its models with `NumpyOps(use_blis=False)`, which hands `gemm` to numpy.
Only the arithmetic library changes: weights, features and outputs are the same up to float
rounding. A GPU backend chosen by the user (cupy) is left alone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from thinc.api import NumpyOps, get_current_ops, set_current_ops


def numpy_blas_ops() -> NumpyOps:
    """CPU ops whose matrix products go to numpy (OpenBLAS) instead of blis."""
    return NumpyOps(use_blis=False)


@contextlib.contextmanager
def cpu_blas() -> Iterator[None]:
    """Models created inside the block (spaCy loads, training) multiply with numpy's BLAS.

    Layers keep the ops they were created with, so the choice outlives the block for them, while
    the process-wide default is restored for everything else.
    """
    current = get_current_ops()
    if type(current) is not NumpyOps:  # cupy / apple / user's choice: not ours to change
        yield
        return
    set_current_ops(numpy_blas_ops())
    try:
        yield
    finally:
        set_current_ops(current)
