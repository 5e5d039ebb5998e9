"""A minimal in-tree PEP 517 build backend: it zips icepickle_ts/ into a pure-Python wheel.

Why: pip's build isolation would download setuptools, and ``pip install ./python`` must work offline with
Debian's python3 (pyproject.toml: ``requires = []``, ``backend-path = ["_build_backend"]``). Standard
library only; the wheel layout follows the binary distribution format spec (PEP 427 / 491).

h5py is not declared: Debian's python3-h5py registers as "h5py.-debian-h5py-serial", so pip would not see
it and would try to download h5py. icepickle_ts imports h5py and says how to install it if it is missing.
"""
import base64
import hashlib
import io
import os
import tarfile
import zipfile

NAME = "icepickle_ts"
DIST = "icepickle_ts"
VERSION = "0.1.0"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

METADATA = """Metadata-Version: 2.1
Name: icepickle-ts
Version: {version}
Summary: scikit-learn models and whole pipelines as data (HDF5), shared with TypeScript icepickle
License: MIT
Requires-Python: >=3.8
Requires-Dist: numpy
Requires-Dist: scikit-learn
Description-Content-Type: text/markdown

{readme}"""

WHEEL = """Wheel-Version: 1.0
Generator: icepickle_ts_build
Root-Is-Purelib: true
Tag: py3-none-any
"""


def _sources():
    folder = os.path.join(HERE, NAME)
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            yield "%s/%s" % (NAME, name), os.path.join(folder, name)


def _metadata():
    with open(os.path.join(HERE, "README.md"), encoding="utf-8") as f:
        return METADATA.format(version=VERSION, readme=f.read())


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return "%s,sha256=%s,%d" % (arcname, digest, len(data))


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    filename = "%s-%s-py3-none-any.whl" % (DIST, VERSION)
    info = "%s-%s.dist-info" % (DIST, VERSION)
    files = [(arc, open(path, "rb").read()) for arc, path in _sources()]
    files.append(("%s/METADATA" % info, _metadata().encode("utf-8")))
    files.append(("%s/WHEEL" % info, WHEEL.encode("utf-8")))
    record = [_record_line(arc, data) for arc, data in files] + ["%s/RECORD,," % info]
    files.append(("%s/RECORD" % info, ("\n".join(record) + "\n").encode("utf-8")))
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as zf:
        for arc, data in files:
            zf.writestr(zipfile.ZipInfo(arc, date_time=(2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return filename


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (DIST, VERSION)
    filename = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz") as tf:
        for rel in ["pyproject.toml", "README.md", "_build_backend/icepickle_ts_build.py"] + [
            arc for arc, _ in _sources()
        ]:
            tf.add(os.path.join(HERE, rel), arcname="%s/%s" % (base, rel))
        pkg_info = _metadata().encode("utf-8")
        ti = tarfile.TarInfo("%s/PKG-INFO" % base)
        ti.size = len(pkg_info)
        tf.addfile(ti, io.BytesIO(pkg_info))
    return filename
