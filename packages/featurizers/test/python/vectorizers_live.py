#!/usr/bin/python3
"""Live scikit-learn reference for the CountVectorizer / TfidfVectorizer tests (and their golden files).

stdin:  {"corpora": {name: {"fit": [str], "transform": [str]} | {"imdb": path, "fit": [a, b], "transform": [a, b]}},
         "configs": [{"name": str, "class": "CountVectorizer" | "TfidfVectorizer", "params": {snake_case}}]}
stdout: {"sklearn": version, "corpora": {name: {"fit": [str], "transform": [str]}},
         "results": [{"config", "corpus", "error" | "features", "stop_words", "idf", "fit", "transform"}]}

`ngram_range` arrives as a list and becomes a tuple; `dtype` is a numpy type name. Outputs are CSR with
sorted indices (scikit-learn's TfidfVectorizer output need not be sorted; CountVectorizer's is).
"""
import csv
import json
import sys

import numpy as np
import sklearn
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

CLASSES = {"CountVectorizer": CountVectorizer, "TfidfVectorizer": TfidfVectorizer}


def build(cls, params):
    p = dict(params)
    if "ngram_range" in p:
        p["ngram_range"] = tuple(p["ngram_range"])
    if "dtype" in p:
        p["dtype"] = np.dtype(p["dtype"]).type
    return CLASSES[cls](**p)


def num(v):
    """A float for JSON: non-finite values (idf of a given term no document has) as "inf" / "-inf" / "nan"."""
    v = float(v)
    return v if np.isfinite(v) else str(v)


def csr(X):
    X = X.tocsr()
    X.sort_indices()
    return {"shape": list(X.shape), "indptr": X.indptr.tolist(), "indices": X.indices.tolist(),
            "data": [num(v) for v in X.data]}


def corpus(spec):
    if "imdb" not in spec:
        return spec
    with open(spec["imdb"], newline="", encoding="utf-8") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    return {"fit": texts[slice(*spec["fit"])], "transform": texts[slice(*spec["transform"])]}


def run(config, docs):
    v = build(config["class"], config["params"])
    out = {"config": config["name"]}
    try:
        X = v.fit_transform(docs["fit"])
    except Exception as e:  # noqa: BLE001 - reported to the test, which expects ours to refuse too
        out["error"] = type(e).__name__ + ": " + str(e)
        return out
    out["features"] = v.get_feature_names_out().tolist()
    out["stop_words"] = sorted(getattr(v, "stop_words_", set()))
    out["idf"] = [num(x) for x in v.idf_] if getattr(v, "use_idf", False) else None
    out["fit"] = csr(X)
    out["transform"] = csr(v.transform(docs["transform"]))
    return out


def main():
    req = json.load(sys.stdin)
    corpora = {name: corpus(spec) for name, spec in req["corpora"].items()}
    results = []
    for name, docs in corpora.items():
        for config in req["configs"]:
            r = run(config, docs)
            r["corpus"] = name
            results.append(r)
    json.dump({"sklearn": sklearn.__version__, "corpora": corpora, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
