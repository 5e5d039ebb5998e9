"""Every zoo pipeline (saved by save_pipeline) comes back from load_pipeline predicting what scikit-learn
predicted before saving (expected.json, recorded by generate_pipeline_zoo.py)."""
import json
import os

import numpy as np
import pytest
from conftest import ZOO

from icepickle_ts import load_pipeline, save_pipeline

with open(os.path.join(ZOO, "expected.json"), encoding="utf-8") as f:
    ENTRIES = json.load(f)["entries"]


def probe(zoo, entry):
    return zoo["probe_texts"] if entry["kind"] == "text" else np.array(zoo["probe_rows"])


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_zoo_entry_predicts_as_recorded(zoo, entry, tmp_path):
    pipe = load_pipeline(os.path.join(ZOO, entry["name"] + ".h5"))
    X = probe(zoo, entry)
    got = pipe.predict(X)
    assert [v.item() if isinstance(v, np.generic) else v for v in got] == entry["predict"]
    for method, key in (("decision_function", "decision"), ("predict_proba", "proba")):
        if key in entry:
            np.testing.assert_allclose(getattr(pipe, method)(X), entry[key], rtol=1e-12, atol=1e-12)
    # and saving what was loaded gives the same pipeline again
    again = tmp_path / "again.h5"
    save_pipeline(pipe, str(again))
    np.testing.assert_array_equal(load_pipeline(str(again)).predict(X), got)


def test_zoo_is_big_enough(zoo):
    assert len(zoo["entries"]) >= 20
    kinds = {e["kind"] for e in zoo["entries"]}
    assert kinds == {"text", "table"}
    classes = set().union(*(e["classes"] for e in zoo["entries"]))
    for name in ("CountVectorizer", "TfidfVectorizer", "TfidfTransformer", "HashingVectorizer", "StandardScaler",
                 "MinMaxScaler", "MaxAbsScaler", "Normalizer"):
        assert name in classes


def test_loaded_steps_have_scikit_learns_fitted_attributes():
    pipe = load_pipeline(os.path.join(ZOO, "tfidf_logreg_binary.h5"))
    vec = pipe.steps[0][1]
    assert type(vec).__name__ == "TfidfVectorizer"
    assert isinstance(vec.vocabulary_, dict) and all(isinstance(k, str) for k in vec.vocabulary_)
    assert vec.idf_.dtype == np.float64 and len(vec.idf_) == len(vec.vocabulary_)
    assert isinstance(vec.stop_words_, set)
    assert list(vec.get_feature_names_out()) == sorted(vec.vocabulary_)
    scaler = load_pipeline(os.path.join(ZOO, "standard_logreg_binary.h5")).steps[0][1]
    assert scaler.n_features_in_ == 6 and scaler.n_samples_seen_ == 80
    assert scaler.mean_.shape == (6,) and scaler.var_.shape == (6,) and scaler.scale_.shape == (6,)
    multi = load_pipeline(os.path.join(ZOO, "standard_nomean_logreg_multiclass_str.h5"))
    assert all(isinstance(c, str) for c in multi.classes_)
    labels = load_pipeline(os.path.join(ZOO, "hashing_logreg_bool_labels.h5")).classes_
    assert labels.dtype == bool
