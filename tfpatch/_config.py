"""tfpatch's settings, read from the environment once, at import.

Every variable is optional.  A value that is not understood gets one message
naming the variable, the value and what is accepted, and the default applies:
a typo in an environment variable never stops a training job.
"""
import os

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
LOG_LEVELS = ("debug", "info", "warning", "error", "off")

#: name -> one-line description, for ``--help``, ``doctor`` and the README.
VARIABLES = {
    "TFPATCH": "on/off switch: 0 turns tfpatch off even where it is imported; 1 turns it on "
               "where an interpreter-start hook (the sitecustomize example, the .pth) asks for it",
    "TFPATCH_LOG": "how much tfpatch prints: debug, info, warning (default: notices), error, off",
    "TFPATCH_DISABLE": "comma-separated rule ids to leave out (see `tfpatch rules`)",
    "TFPATCH_STRICT": "1: every use of an alias raises (a CI gate for a migration); default 0",
    "TFPATCH_REPORT": "a file to write, at exit, every alias use as JSON (merged across processes)",
    "TFPATCH_V1": "1: run TensorFlow 1.x graph code (calls tf.compat.v1.disable_v2_behavior() at load)",
}


class Config(object):
    """Parsed settings plus the messages about values that were not understood."""

    def __init__(self, enabled=None, log_level="warning", disabled=(), problems=(), strict=False,
                 report=None, v1=False):
        self.enabled = enabled            # True, False, or None when TFPATCH is unset
        self.log_level = log_level
        self.disabled = frozenset(disabled)
        self.problems = list(problems)
        self.strict = strict
        self.report = report              # a path (data only: never imported or executed)
        self.v1 = v1

    def __repr__(self):
        return "Config(enabled=%r, log_level=%r, disabled=%r, strict=%r, report=%r)" % (
            self.enabled, self.log_level, sorted(self.disabled), self.strict, self.report)


def _clip(value, limit=60):
    return value if len(value) <= limit else value[:limit] + "...(%d characters)" % len(value)


def parse_switch(name, raw, problems):
    """``True``/``False`` for a yes/no variable, ``None`` when unset or not understood."""
    if raw is None:
        return None
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    problems.append("%s=%r is not understood; accepted: %s (on) or %s (off); using the default"
                    % (name, _clip(raw), ", ".join(TRUE_WORDS), ", ".join(FALSE_WORDS)))
    return None


def parse_log_level(raw, problems):
    if raw is None or not raw.strip():
        return "warning"
    word = raw.strip().lower()
    if word in LOG_LEVELS:
        return word
    problems.append("TFPATCH_LOG=%r is not understood; accepted: %s; using warning"
                    % (_clip(raw), ", ".join(LOG_LEVELS)))
    return "warning"


def parse_disabled(raw, known_ids, problems):
    """The rule ids to leave out; unknown ids are reported (with a guess) and dropped."""
    if raw is None:
        return frozenset()
    import difflib
    wanted = set()
    for item in _split_ids(raw):
        item = item.strip()
        if not item:
            continue
        if item in known_ids:
            wanted.add(item)
            continue
        guess = difflib.get_close_matches(item, list(known_ids), n=1)
        problems.append("TFPATCH_DISABLE names an unknown rule id %r (ignored)%s; accepted: rule ids "
                        "listed by `tfpatch rules`, separated by commas"
                        % (_clip(item), "; did you mean %r?" % guess[0] if guess else ""))
    return frozenset(wanted)


def _split_ids(raw):
    """``raw`` split at its commas, except those inside parentheses: some ids name a call
    (``keras.layers.Layer.add_weight(name, shape)``)."""
    items = []
    for piece in raw.split(","):
        if items and items[-1].count("(") > items[-1].count(")"):
            items[-1] += "," + piece
        else:
            items.append(piece)
    return items


def parse_report_path(raw, problems):
    """The report path, or None.  Checked here only for what can be known at
    start (empty, too long, a NUL byte); where it cannot be written is told at
    exit, when the report is written."""
    if raw is None:
        return None
    if not raw.strip():
        problems.append("TFPATCH_REPORT is empty; accepted: the path of a JSON file to write at exit; "
                        "no report will be written")
        return None
    if "\0" in raw or len(raw) > 4096:
        problems.append("TFPATCH_REPORT=%r is not a usable path; accepted: the path of a JSON file "
                        "to write at exit; no report will be written" % (_clip(raw),))
        return None
    return raw


def from_environ(environ=None, known_ids=None):
    """Read every ``TFPATCH*`` variable.  Pure: testable with any mapping."""
    environ = os.environ if environ is None else environ
    if known_ids is None and environ.get("TFPATCH_DISABLE") is not None:
        from .rules import by_id  # the catalogue is read only to check the ids asked for
        known_ids = by_id()
    problems = []
    enabled = parse_switch("TFPATCH", environ.get("TFPATCH"), problems)
    log_level = parse_log_level(environ.get("TFPATCH_LOG"), problems)
    disabled = parse_disabled(environ.get("TFPATCH_DISABLE"), known_ids, problems)
    strict = bool(parse_switch("TFPATCH_STRICT", environ.get("TFPATCH_STRICT"), problems))
    report = parse_report_path(environ.get("TFPATCH_REPORT"), problems)
    v1 = bool(parse_switch("TFPATCH_V1", environ.get("TFPATCH_V1"), problems))
    for name in sorted(environ):
        if name.startswith("TFPATCH") and name not in VARIABLES:
            problems.append("%s is not a tfpatch variable (ignored); known: %s"
                            % (name, ", ".join(sorted(VARIABLES))))
    return Config(enabled, log_level, disabled, problems, strict, report, v1)
