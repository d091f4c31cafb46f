"""TensorFlow release numbers: the one place they are parsed.

A release is a ``(major, minor)`` tuple, so releases compare as tuples do:
``(2, 3) < (2, 16)``.  Patch levels and suffixes never matter to tfpatch.
"""


def parse_release(text, _parsed={}):
    """``"2.3"`` or ``"2.3.4"`` -> ``(2, 3)``; ValueError naming the input otherwise."""
    found = _parsed.get(text)
    if found is not None:  # the catalogue spells ~20 releases, each many times
        return found
    parts = text.strip().split(".")
    if len(parts) in (2, 3) and all(p.isdigit() and len(p) <= 4 for p in parts):
        found = _parsed[text] = int(parts[0]), int(parts[1])
        return found
    raise ValueError("release %r is not understood; accepted: MAJOR.MINOR or MAJOR.MINOR.PATCH, "
                     "e.g. 2.3 or 2.15.1" % (text[:40],))


def release_of(tf):
    """``(major, minor)`` of the imported TensorFlow module ``tf`` (``"2.16.0-rc1"``
    -> ``(2, 16)``), or None when its version is missing or not understood."""
    try:
        return parse_release(".".join(str(getattr(tf, "__version__", "")).split(".")[:2]))
    except ValueError:
        return None
