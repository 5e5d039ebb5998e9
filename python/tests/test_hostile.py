"""Hostile pipeline files: a zoo file with one thing broken is refused with IcepickleFormatError naming the
step, before any scikit-learn object is returned."""
import json
import os
import shutil

import h5py
import numpy as np
import pytest
from conftest import ZOO
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.feature_extraction.text import TfidfVectorizer

from icepickle_ts import IcepickleFormatError, load_pipeline, save_pipeline


def broken(tmp_path, name, edit):
    path = str(tmp_path / (name + ".h5"))
    shutil.copy(os.path.join(ZOO, name + ".h5"), path)
    with h5py.File(path, "r+") as hf:
        edit(hf)
    return path


def replace(hf, path, values):
    del hf[path]
    hf.create_dataset(path, data=values)


def edit_spec(hf, change):
    spec = json.loads(hf.attrs["pipeline"])
    change(spec)
    hf.attrs["pipeline"] = json.dumps(spec)


def refused(path, code, step, **kw):
    with pytest.raises(IcepickleFormatError) as info:
        load_pipeline(path, **kw)
    assert info.value.code == code, str(info.value)
    assert info.value.step == step
    return info.value


def test_duplicate_terms(tmp_path):
    def edit(hf):
        terms = [t for t in hf["steps/0/vocabulary_terms"].asstr()[()]]
        terms[1] = terms[0]
        replace(hf, "steps/0/vocabulary_terms", np.array(terms, dtype=h5py.string_dtype()))

    refused(broken(tmp_path, "tfidf_logreg_binary", edit), "INVALID_INPUT", "tfidfvectorizer")


def test_columns_not_a_permutation(tmp_path):
    def edit(hf):
        cols = hf["steps/0/vocabulary_columns"][()]
        cols[0] = cols[1]
        replace(hf, "steps/0/vocabulary_columns", cols)

    refused(broken(tmp_path, "tfidf_logreg_binary", edit), "INVALID_INPUT", "tfidfvectorizer")


@pytest.mark.parametrize("value,code", [(np.nan, "NON_FINITE"), (-1.0, "INVALID_INPUT")])
def test_bad_idf(tmp_path, value, code):
    def edit(hf):
        idf = hf["steps/0/idf"][()]
        idf[2] = value
        replace(hf, "steps/0/idf", idf)

    refused(broken(tmp_path, "tfidf_logreg_binary", edit), code, "tfidfvectorizer")


@pytest.mark.parametrize("key,value,code", [("scale", 0.0, "INVALID_INPUT"), ("mean", np.nan, "NON_FINITE")])
def test_bad_scaler_state(tmp_path, key, value, code):
    def edit(hf):
        v = hf["steps/0/" + key][()]
        v[1] = value
        replace(hf, "steps/0/" + key, v)

    refused(broken(tmp_path, "standard_logreg_binary", edit), code, "standardscaler")


def test_feature_counts_that_do_not_chain(tmp_path):
    def edit(hf):
        for key in ("mean", "var", "scale"):
            replace(hf, "steps/0/" + key, hf["steps/0/" + key][()][:5])
        hf["steps/0"].attrs["n_features_in"] = np.int64(5)

    refused(broken(tmp_path, "standard_logreg_binary", edit), "SHAPE_MISMATCH", "logisticregression")


def test_unknown_class_and_parameter(tmp_path):
    def cls(hf):
        edit_spec(hf, lambda s: s["steps"][0][1].update({"class": "FunctionTransformer"}))

    refused(broken(tmp_path, "tfidf_logreg_binary", cls), "INVALID_INPUT", "tfidfvectorizer")

    def param(hf):
        edit_spec(hf, lambda s: s["steps"][0][1]["params"].update({"evil": "import os"}))

    refused(broken(tmp_path, "tfidf_logreg_binary", param), "INVALID_PARAMETER", "tfidfvectorizer")


def test_unknown_estimator_parameter(tmp_path):
    def edit(hf):
        params = json.loads(hf["estimator"].attrs["params"])
        params["evil"] = 1
        hf["estimator"].attrs["params"] = json.dumps(params)

    refused(broken(tmp_path, "tfidf_logreg_binary", edit), "INVALID_PARAMETER", "logisticregression")


def test_ngram_range_over_the_limit(tmp_path):
    def edit(hf):
        edit_spec(hf, lambda s: s["steps"][0][1]["params"].update({"ngram_range": [1, 100000]}))

    refused(broken(tmp_path, "tfidf_logreg_binary", edit), "LIMIT_EXCEEDED", "tfidfvectorizer")


def test_vocabulary_and_step_limits():
    path = os.path.join(ZOO, "tfidf_logreg_binary.h5")
    refused(path, "LIMIT_EXCEEDED", "tfidfvectorizer", limits={"max_vocabulary_size": 10})
    refused(path, "LIMIT_EXCEEDED", "tfidfvectorizer", limits={"max_term_length": 3})
    refused(os.path.join(ZOO, "union_hashing_weighted_sgd.h5"), "LIMIT_EXCEEDED", "featureunion/chars",
            limits={"max_steps": 2})


def test_code_is_never_saved(tmp_path):
    pipe = make_pipeline(FunctionTransformer(np.log1p), LogisticRegression())
    pipe.fit(np.array([[1.0, 2.0], [2.0, 1.0]]), [0, 1])
    with pytest.raises(IcepickleFormatError) as info:
        save_pipeline(pipe, str(tmp_path / "x.h5"))
    assert info.value.code == "NOT_SUPPORTED" and info.value.step == "functiontransformer"
    text = make_pipeline(TfidfVectorizer(tokenizer=str.split), LogisticRegression())
    text.fit(["a b", "c d"], [0, 1])
    with pytest.raises(IcepickleFormatError) as info:
        save_pipeline(text, str(tmp_path / "y.h5"))
    assert info.value.code == "NOT_SUPPORTED" and "tokenizer" in info.value.detail
    assert not os.path.exists(str(tmp_path / "y.h5"))
