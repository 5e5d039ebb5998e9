"""save_coefficients / load_coefficients: Python icepickle's three datasets, labels back as str / bool."""
import h5py
import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression, SGDClassifier

from icepickle_ts import build_estimator, load_coefficients, read_metadata, save_coefficients

X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0], [2.0, 1.0], [0.5, 2.0]])


def test_string_labels_come_back_as_str(tmp_path):
    clf = LogisticRegression().fit(X, ["b", "a", "c", "a", "c", "b"])
    path = str(tmp_path / "m.h5")
    save_coefficients(clf, path)
    with h5py.File(path, "r") as hf:  # what Python icepickle's load_coefficients reads: plain datasets at the root
        assert set(hf.keys()) == {"coef", "intercept", "classes"}
        assert isinstance(hf["classes"][0], bytes)
    back = load_coefficients(LogisticRegression(), path)
    assert [type(c) for c in back.classes_] == [str, str, str]
    np.testing.assert_array_equal(back.predict(X), clf.predict(X))
    assert read_metadata(path)["estimator"] == "LogisticRegression"
    np.testing.assert_array_equal(build_estimator(path).predict_proba(X), clf.predict_proba(X))


def test_bool_labels_come_back_as_bool(tmp_path):
    clf = SGDClassifier(random_state=0).fit(X, [True, False, True, False, True, False])
    path = str(tmp_path / "m.h5")
    save_coefficients(clf, path)
    back = load_coefficients(SGDClassifier(), path)
    assert back.classes_.dtype == bool
    np.testing.assert_array_equal(back.predict(X), clf.predict(X))


def test_scalar_intercept_round_trips(tmp_path):
    reg = LinearRegression().fit(X, X @ [2.0, -1.0] + 3)
    path = str(tmp_path / "m.h5")
    save_coefficients(reg, path)
    back = load_coefficients(LinearRegression(), path)
    assert np.ndim(back.intercept_) == 0
    np.testing.assert_allclose(back.predict(X), reg.predict(X), rtol=0, atol=0)
