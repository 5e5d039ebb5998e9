"""Makes packages/cli/examples/ from the test fixtures: the files `icepickle examples <dir>` copies.

    /usr/bin/python3 packages/cli/scripts/make-examples.py

Four files are the fixtures as they are; reviews.h5 is the fine-tuning fixture's pretrained model
(LogisticRegression on HashingVectorizer(n_features=2**16) features) with coef stored chunked and deflated
(120 kB instead of 526 kB: three in four coefficients are 0).
test/examples.test.ts checks the copies and the values against the fixtures.
"""
import shutil
from pathlib import Path

import h5py

root = Path(__file__).resolve().parents[3]
fixtures = root / "packages" / "test-utils" / "fixtures"
out = root / "packages" / "cli" / "examples"

for source in [
    fixtures / "sklearn" / "models" / "logreg_iris.h5",
    fixtures / "hostile" / "external-link-passwd.h5",
    fixtures / "hostile" / "external-storage-etc-hostname.h5",
    fixtures / "hostile" / "nan-coef.h5",
]:
    shutil.copyfile(source, out / source.name)

with h5py.File(fixtures / "sklearn" / "finetune" / "pretrained.h5", "r") as src, h5py.File(
    out / "reviews.h5", "w", libver="earliest", track_order=False
) as dst:
    for name in ("coef", "intercept", "classes"):
        data = src[name][()]
        if name == "coef":
            dst.create_dataset(name, data=data, chunks=(1, 16384), shuffle=False, compression="gzip", compression_opts=9)
        else:
            dst.create_dataset(name, data=data)
