"""icepickle_ts: scikit-learn models and whole pipelines as data (HDF5), shared with the TypeScript icepickle.

* ``save_pipeline(pipeline, path)`` / ``load_pipeline(path)``: fitted scikit-learn pipelines in and out, no pickle;
* ``save_coefficients`` / ``load_coefficients``: Python icepickle's format (string labels back as ``str``,
  booleans as ``bool``), in every layout @icepickle/core writes;
* ``read_coefficients``, ``read_metadata``, ``build_estimator``: what ``icepickle_reader.py`` offered.
"""
try:
    import h5py  # noqa: F401
except ImportError as e:  # pragma: no cover - depends on the machine
    raise ImportError(
        "icepickle_ts needs h5py: apt-get install python3-h5py (Debian/Ubuntu) or pip install h5py"
    ) from e

from ._errors import IcepickleFormatError
from .coefficients import build_estimator, load_coefficients, read_coefficients, read_metadata, save_coefficients
from .pipeline import DEFAULT_LIMITS, load_pipeline, save_pipeline

__version__ = "0.1.0"

__all__ = [
    "IcepickleFormatError",
    "DEFAULT_LIMITS",
    "build_estimator",
    "load_coefficients",
    "load_pipeline",
    "read_coefficients",
    "read_metadata",
    "save_coefficients",
    "save_pipeline",
]
