"""TensorFlow's public API over its releases, for explaining a name that is missing.

``tfpatch/data/history.json.gz`` (built by ``tools/build_history.py`` from the
snapshots in ``history/``) maps each public path to the releases that had it,
and a path that was renamed to its new name.  It is read the first time a
public name is missing from a TensorFlow namespace, never before.
"""
import gzip
import json
import os

_DATA = []


def _load():
    if not _DATA:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "history.json.gz")
        try:
            with gzip.open(path, "rt") as f:
                data = json.load(f)
            releases = data["releases"]
            main = [i for i, label in enumerate(releases) if "-" not in label]
            _DATA.append((releases, main, data["names"], data.get("moved", {})))
        except Exception:
            _DATA.append(None)
    return _DATA[0]


def _ranges(labels, order):
    """``["2.0", "2.1", "2.2", "2.5"]`` -> ``"2.0-2.2, 2.5"`` (consecutive in ``order``)."""
    spans, start, last = [], None, None
    position = {label: i for i, label in enumerate(order)}
    for label in labels:
        if start is not None and position[label] == position[last] + 1:
            last = label
            continue
        if start is not None:
            spans.append(start if start == last else "%s-%s" % (start, last))
        start = last = label
    if start is not None:
        spans.append(start if start == last else "%s-%s" % (start, last))
    return ", ".join(spans)


def explain(path, name, left=None):
    """One line on ``tf.<path>.<name>``: the releases that had it and what replaced it,
    or that no release had it.  None when the history is unavailable."""
    data = _load()
    if data is None:
        return None
    releases, main, names, moved = data
    full = path + "." + name if path else name
    order = [releases[i] for i in main]
    bits = names.get(full)
    if bits is None:
        return "tfpatch: no TensorFlow release from %s to %s had tf.%s" % (order[0], order[-1], full)
    bits = int(bits, 16)
    present = [releases[i] for i in main if bits >> i & 1]
    text = "tfpatch: tf.%s existed in TensorFlow %s" % (full, _ranges(present, order) or "none of the main releases")
    if full in moved:
        text += "; its name since then is tf.%s" % moved[full]
    elif left and full in left:
        text += "; it left TensorFlow: %s" % left[full]
    elif "compat.v1." + full in names:
        text += "; TensorFlow 2 keeps it as tf.compat.v1.%s" % full
    return text
