import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
REPO = os.path.dirname(PYTHON_DIR)
ZOO = os.path.join(REPO, "packages", "test-utils", "fixtures", "sklearn", "pipeline-zoo")
sys.path.insert(0, PYTHON_DIR)


@pytest.fixture(scope="session")
def zoo():
    with open(os.path.join(ZOO, "expected.json"), encoding="utf-8") as f:
        return json.load(f)
