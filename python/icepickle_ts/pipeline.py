"""Whole scikit-learn pipelines as data: ``save_pipeline`` and ``load_pipeline``, no pickle, no code.

The file (format 2, shared with @icepickle/featurizers' savePipeline / loadPipeline):

* root attribute ``pipeline``: JSON ``{"kind": "Pipeline", "version": 2, "steps": [[name, node], ...]}``; a node
  is ``{"class", "params", "group"}`` for a transformer, ``{"class": "FeatureUnion", "transformer_list",
  "transformer_weights", "group"}`` for a union, ``{"class", "group": "/estimator"}`` for the final estimator;
* each transformer's fitted state as datasets and attributes of its group ``/steps/<i>`` (``/steps/<i>/<j>`` in
  a union), named as in ``_keys.STATE_KEYS``;
* the estimator in ``/estimator`` exactly as Python icepickle's save_coefficients writes a model, plus its
  class and parameters as attributes.
"""
import json

import h5py
import numpy as np

from ._errors import IcepickleFormatError
from ._keys import FORMAT_NAME, FORMAT_VERSION, PIPELINE_KEYS, PIPELINE_SPEC_VERSION
from .coefficients import atomic_write, build_estimator, estimator_class, read_metadata, write_model_group
from .steps import STEPS, feature_count, install, read_state, sklearn_params, state_of, step_class, write_state
from ._h5 import jsonable

DEFAULT_LIMITS = {
    "max_vocabulary_size": 10_000_000,
    "max_term_length": 4096,
    "max_steps": 64,
    "max_nesting_depth": 4,
    "max_ngram_size": 64,
}


def save_pipeline(pipeline, path):
    """Saves a fitted scikit-learn Pipeline of listed transformers (in FeatureUnions or not) ending in a
    listed linear estimator. Refuses anything else (callables, unlisted classes, unfitted steps)."""
    from sklearn.pipeline import Pipeline

    if not isinstance(pipeline, Pipeline) or not pipeline.steps:
        raise IcepickleFormatError("NOT_SUPPORTED", "save_pipeline expects a fitted sklearn.pipeline.Pipeline")
    *transformers, (last_name, estimator) = pipeline.steps
    estimator_class(type(estimator).__name__)
    if not hasattr(estimator, "coef_"):
        raise IcepickleFormatError("NOT_FITTED", "the final estimator is not fitted", step=last_name)
    writes = []
    nodes = [[name, _describe(name, step, "%s/%d" % (PIPELINE_KEYS["stepsGroup"], i), writes)]
             for i, (name, step) in enumerate(transformers)]
    nodes.append([last_name, {"class": type(estimator).__name__, "group": PIPELINE_KEYS["estimatorGroup"]}])
    spec = {"kind": "Pipeline", "version": PIPELINE_SPEC_VERSION, "steps": nodes}

    def fill(hf):
        hf.attrs["icepickle_format"] = FORMAT_NAME
        hf.attrs["icepickle_format_version"] = FORMAT_VERSION
        hf.attrs[PIPELINE_KEYS["kindAttr"]] = "pipeline"
        hf.attrs[PIPELINE_KEYS["specAttr"]] = json.dumps(spec)
        for group, name, state in writes:
            write_state(hf.require_group(group.strip("/")), name, state)
        write_model_group(hf, estimator, PIPELINE_KEYS["estimatorGroup"])

    atomic_write(path, fill)


def _describe(name, step, group, writes):
    from sklearn.pipeline import FeatureUnion

    if isinstance(step, FeatureUnion):
        parts = [[n, _describe("%s/%s" % (name, n), part, "%s/%d" % (group, j), writes)]
                 for j, (n, part) in enumerate(step.transformer_list)]
        weights = step.transformer_weights
        return {
            "class": "FeatureUnion",
            "transformer_list": parts,
            "transformer_weights": None if weights is None else {k: float(v) for k, v in weights.items()},
            "group": group,
        }
    cls_name = type(step).__name__
    if step_class(cls_name) is not type(step):
        raise IcepickleFormatError(
            "NOT_SUPPORTED",
            "%s cannot be saved as data; the steps before the estimator must be from: %s, FeatureUnion"
            % (cls_name, ", ".join(STEPS)),
            step=name,
        )
    params = {}
    for k, v in step.get_params(deep=False).items():
        if callable(v) and not isinstance(v, type):
            raise IcepickleFormatError("NOT_SUPPORTED", "parameter %s is a function, which is code" % k, step=name)
        try:
            params[k] = jsonable(v)
        except TypeError:
            raise IcepickleFormatError("NOT_SUPPORTED", "parameter %s=%r cannot be saved as data" % (k, v), step=name)
    if STEPS[cls_name][2]:
        try:
            state = state_of(step, cls_name)
        except AttributeError:
            raise IcepickleFormatError("NOT_FITTED", "%s is not fitted" % cls_name, step=name)
        if any(v is None for f, v in zip(STEPS[cls_name][2], state.values()) if f[0] in ("vocabulary", "count")):
            raise IcepickleFormatError("NOT_FITTED", "%s is not fitted" % cls_name, step=name)
        writes.append((group, cls_name, state))
    return {"class": cls_name, "params": params, "group": group}


class _Context:
    def __init__(self, path, limits, hf):
        self.path = path
        self.limits = limits
        self.hf = hf
        self.step = None
        self.count = 0

    def fail(self, code, detail, obj=None):
        raise IcepickleFormatError(code, detail, file=self.path, step=self.step, obj=obj)


def load_pipeline(path, limits=None):
    """Rebuilds the fitted scikit-learn Pipeline saved by save_pipeline or @icepickle/featurizers'
    savePipeline (format 1 or 2). Classes come from a closed list; states are checked before use."""
    from sklearn.pipeline import Pipeline

    lim = dict(DEFAULT_LIMITS, **(limits or {}))
    with h5py.File(path, "r") as hf:
        ctx = _Context(str(path), lim, hf)
        raw = hf.attrs.get(PIPELINE_KEYS["specAttr"])
        if raw is None:
            ctx.fail("INVALID_INPUT", "this file holds no pipeline (no 'pipeline' attribute)")
        spec = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
        if spec.get("kind") == "PartialPipeline":
            spec = _from_version1(spec, ctx)
        if spec.get("kind") != "Pipeline" or not isinstance(spec.get("steps"), list) or not spec["steps"]:
            ctx.fail("INVALID_INPUT", "the 'pipeline' attribute does not describe a Pipeline")
        *transformers, (last_name, last) = spec["steps"]
        flowing = "raw"  # documents or rows, as the first step takes them
        steps = []
        for i, (name, node) in enumerate(transformers):
            step, n_in, n_out = _build(name, node, "%s/%d" % (PIPELINE_KEYS["stepsGroup"], i), 0, ctx)
            flowing = _chain(flowing, n_in, n_out, name, ctx)
            steps.append((name, step))
    ctx.step = last_name
    if not isinstance(last, dict) or last.get("group") != PIPELINE_KEYS["estimatorGroup"]:
        ctx.fail("INVALID_INPUT", "the final step must be the estimator in /estimator")
    cls = estimator_class(last.get("class"))
    params = read_metadata(path, PIPELINE_KEYS["estimatorGroup"]).get("params") or {}
    # copy_x: how format 1 files from TypeScript spelled copy_X
    unknown = sorted(set(params) - set(cls().get_params()) - {"copy_x"})
    if unknown:
        ctx.fail("INVALID_PARAMETER", "unknown %s parameters %s" % (cls.__name__, ", ".join(unknown)))
    estimator = build_estimator(path, PIPELINE_KEYS["estimatorGroup"])
    if type(estimator).__name__ != last.get("class"):
        ctx.fail("INVALID_INPUT", "the estimator group names another class")
    n_in = np.asarray(estimator.coef_).shape[-1]
    if flowing == "text" or (flowing not in (None, "raw") and flowing != n_in):
        ctx.fail("SHAPE_MISMATCH", "the estimator takes %d features, the steps before it give %r" % (n_in, flowing))
    steps.append((last_name, estimator))
    return Pipeline(steps)


def _chain(flowing, n_in, n_out, name, ctx):
    ctx.step = name
    if n_in == "text":
        if flowing != "raw":
            ctx.fail("SHAPE_MISMATCH", "it takes raw documents but the step before it gives features")
        return n_out
    if flowing == "raw":
        flowing = None
    if flowing == "text":
        ctx.fail("SHAPE_MISMATCH", "it takes features but gets raw documents")
    if n_in is not None and flowing is not None and n_in != flowing:
        ctx.fail("SHAPE_MISMATCH", "it takes %d features but the step before it gives %d" % (n_in, flowing))
    return n_out if n_out is not None else (n_in if n_in is not None else flowing)


def _build(name, node, group, depth, ctx):
    """(step, what it takes: 'text' or a count or None, what it gives: a count or None)."""
    from sklearn.pipeline import FeatureUnion

    ctx.step = name
    ctx.count += 1
    if ctx.count > ctx.limits["max_steps"]:
        ctx.fail("LIMIT_EXCEEDED", "more than max_steps steps")
    if not isinstance(node, dict) or node.get("group") != group:
        ctx.fail("INVALID_INPUT", "a step node needs its class and the group %s" % group)
    cls_name = node.get("class")
    if cls_name == "FeatureUnion":
        if depth + 1 > ctx.limits["max_nesting_depth"]:
            ctx.fail("LIMIT_EXCEEDED", "unions nest deeper than max_nesting_depth")
        built = [(n,) + _build("%s/%s" % (name, n), part, "%s/%d" % (group, j), depth + 1, ctx)
                 for j, (n, part) in enumerate(node.get("transformer_list") or [])]
        ctx.step = name
        if not built:
            ctx.fail("INVALID_INPUT", "a FeatureUnion needs a non-empty transformer_list")
        ins = {b[2] for b in built}
        if len(ins) > 1:
            ctx.fail("SHAPE_MISMATCH", "its parts take different inputs")
        outs = [b[3] for b in built]
        union = FeatureUnion([(b[0], b[1]) for b in built], transformer_weights=node.get("transformer_weights"))
        return union, ins.pop(), (None if None in outs else sum(outs))
    cls = step_class(cls_name)
    if cls is None:
        ctx.fail("INVALID_INPUT", "unknown step class %r; the list is %s, FeatureUnion" % (cls_name, ", ".join(STEPS)))
    params = node.get("params") or {}
    text = STEPS[cls_name][1] == "text"
    if text:
        lo, hi = params.get("ngram_range", [1, 1])
        if hi > ctx.limits["max_ngram_size"]:
            ctx.fail("LIMIT_EXCEEDED", "ngram_range %r goes over max_ngram_size" % ([lo, hi],))
    try:
        step = cls(**sklearn_params(params))
    except TypeError as e:
        ctx.fail("INVALID_PARAMETER", "unknown parameter: %s" % e)
    state = read_state(ctx.hf, group, cls_name, ctx)
    count = feature_count(cls_name, state, ctx)
    install(step, cls_name, state)
    if cls_name == "HashingVectorizer":
        return step, "text", int(step.n_features)
    return step, ("text" if text else count), count


def _from_version1(spec, ctx):
    def convert(items, parent, top):
        out = []
        for i, (name, node) in enumerate(items):
            group = node.get("group") if top and i == len(items) - 1 else "%s/%d" % (parent, i)
            kind = node.get("kind")
            if kind == "HashingVectorizer":
                out.append([name, {"class": kind, "params": node.get("params", {}), "group": group}])
            elif kind == "FeatureUnion":
                out.append([name, {"class": kind, "transformer_list": convert(node["parts"], group, False),
                                   "group": group}])
            elif kind == "estimator":
                out.append([name, {"class": node.get("class"), "group": group}])
            else:
                ctx.fail("INVALID_INPUT", "unknown pipeline step kind %r" % (kind,))
        return out

    return {"kind": "Pipeline", "version": 1, "steps": convert(spec.get("steps") or [], PIPELINE_KEYS["stepsGroup"], True)}
