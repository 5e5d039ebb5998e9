"""icepickle_reader.py keeps working for scripts that import it from python/."""
import icepickle_reader
import icepickle_ts


def test_reader_exports_the_package_functions():
    for name in ("load_coefficients", "read_coefficients", "read_metadata", "build_estimator", "load_pipeline"):
        assert getattr(icepickle_reader, name) is getattr(icepickle_ts, name)
