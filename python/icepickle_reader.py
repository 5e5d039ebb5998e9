"""Read files written by TypeScript icepickle (@icepickle/core) in Python.

Kept for scripts that import it from this folder; the functions live in the ``icepickle_ts`` package
(``pip install ./python``), which also saves: see python/README.md.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from icepickle_ts import build_estimator, load_coefficients, load_pipeline, read_coefficients, read_metadata  # noqa: E402

__all__ = ["load_coefficients", "read_coefficients", "read_metadata", "build_estimator", "load_pipeline"]
