"""Format 1 pipeline files (written by savePipeline before format 2) load as scikit-learn pipelines."""
import json
import os

import numpy as np
from conftest import REPO

from icepickle_ts import load_pipeline

HERE = os.path.join(REPO, "packages", "test-utils", "fixtures", "sklearn", "pipeline")


def test_format1_file_predicts_what_typescript_predicted():
    with open(os.path.join(HERE, "format1_partial_pipeline.json"), encoding="utf-8") as f:
        expected = json.load(f)
    pipe = load_pipeline(os.path.join(HERE, "format1_partial_pipeline.h5"))
    assert [type(s).__name__ for _, s in pipe.steps] == ["FeatureUnion", "SGDClassifier"]
    assert pipe.predict(expected["probe"]).tolist() == expected["predict"]
    np.testing.assert_allclose(pipe.decision_function(expected["probe"]), expected["decision"], rtol=1e-12)
    np.testing.assert_allclose(pipe.predict_proba(expected["probe"]), expected["proba"], rtol=1e-12)
