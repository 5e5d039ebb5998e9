#!/usr/bin/python3
"""Writes fixtures/vectorizers/golden.json: scikit-learn's CountVectorizer / TfidfVectorizer output for every
config of fixtures/vectorizers/configs.json on fixtures/vectorizers/multilingual.json, so that
vectorizers-golden.test.ts checks the same things as the live test where Python is absent.

    /usr/bin/python3 packages/featurizers/test/python/generate_vectorizer_goldens.py
"""
import json
import os
import sys

import sklearn

sys.path.insert(0, os.path.dirname(__file__))
from vectorizers_live import run  # noqa: E402

HERE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "vectorizers")


def main():
    with open(os.path.join(HERE, "configs.json"), encoding="utf-8") as f:
        configs = json.load(f)
    with open(os.path.join(HERE, "multilingual.json"), encoding="utf-8") as f:
        corpus = json.load(f)
    results = []
    for config in configs:
        r = run(config, corpus)
        r["corpus"] = "multilingual"
        results.append(r)
    with open(os.path.join(HERE, "golden.json"), "w", encoding="utf-8") as f:
        json.dump({"sklearn": sklearn.__version__, "results": results}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
