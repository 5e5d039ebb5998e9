"""The on-disk names are one table in TypeScript and the same table here."""
import os
import re

from conftest import REPO

from icepickle_ts._keys import PIPELINE_KEYS, PIPELINE_SPEC_VERSION, STATE_KEYS


def ts_table(source, name):
    body = re.search(r"export const %s = \{(.*?)\} as const;" % name, source, re.S).group(1)
    return dict(re.findall(r"^\s*(\w+): '([^']*)',", body, re.M))


def test_keys_equal_typescripts():
    path = os.path.join(REPO, "packages", "featurizers", "src", "pipeline-file", "keys.ts")
    source = open(path, encoding="utf-8").read()
    assert ts_table(source, "PIPELINE_KEYS") == PIPELINE_KEYS
    assert ts_table(source, "STATE_KEYS") == STATE_KEYS
    assert "PIPELINE_SPEC_VERSION = %d;" % PIPELINE_SPEC_VERSION in source
