"""The ``tfpatch`` command line."""
import argparse
import json
import sys

from . import __version__

EPILOG = """environment:
  TFPATCH=0|1          0 turns tfpatch off even where it is imported
  TFPATCH_LOG=LEVEL    debug, info, warning (default: notices), error, off
  TFPATCH_DISABLE=IDS  comma-separated rule ids to leave out

examples:
  tfpatch rules --release 2.3     the renames that matter on TensorFlow 2.3
  tfpatch status --import-tf      import TensorFlow here and show what tfpatch did
"""


def parse_release(text):
    """``"2.3"`` or ``"2.3.4"`` -> ``(2, 3)``; ValueError naming the input otherwise."""
    parts = text.strip().split(".")
    if len(parts) in (2, 3) and all(p.isdigit() and len(p) <= 4 for p in parts):
        return int(parts[0]), int(parts[1])
    raise ValueError("release %r is not understood; accepted: MAJOR.MINOR or MAJOR.MINOR.PATCH, "
                     "e.g. 2.3 or 2.15.1" % (text[:40],))


def _release_type(text):
    try:
        return parse_release(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc))


def matters_on(rule, release):
    """True when one of the rule's spellings is missing on ``release`` (a (major, minor))."""
    since = parse_release(rule.since) if rule.since else None
    until = parse_release(rule.until) if rule.until else None
    return bool((since and release < since) or (until and release >= until))


def _cmd_rules(args):
    from . import CONFIG
    from .rules import CATALOGUE
    rows = []
    for rule in CATALOGUE:
        if args.release and not matters_on(rule, args.release):
            continue
        state = ("blocked: " + rule.blocked if rule.blocked else
                 "disabled by TFPATCH_DISABLE" if rule.id in CONFIG.disabled else "active")
        if rule.kind == "namespace":
            spellings = ("tf." + rule.moved_to, "tf." + rule.path)
        elif rule.kind == "method":
            spellings = ("tf.%s.%s" % (rule.owner, rule.modern), "tf.%s.%s" % (rule.owner, rule.legacy))
        else:
            spellings = ("tf." + rule.modern, "tf." + rule.legacy)
        rows.append({"id": rule.id, "kind": rule.kind, "modern": spellings[0], "legacy": spellings[1],
                     "since": rule.since, "legacy_gone": rule.until, "state": state})
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        print("%s  [%s, %s]" % (row["id"], row["kind"], row["state"]))
        print("    modern: %-55s since %s" % (row["modern"], row["since"] or "-"))
        print("    legacy: %-55s gone in %s" % (row["legacy"], row["legacy_gone"] or "- (still there)"))
    if not rows:
        print("no rule matters on that release")
    return 0


def _cmd_status(args):
    import tfpatch
    if args.import_tf:
        try:
            import tensorflow  # noqa: F401
        except Exception as exc:
            print("tensorflow could not be imported: %r" % (exc,), file=sys.stderr)
    info = tfpatch.status()
    if args.format == "json":
        print(json.dumps(info, indent=2, default=str))
    else:
        for key, value in info.items():
            print("%-16s %s" % (key + ":", value))
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="tfpatch", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="Run TensorFlow code written for another release, unmodified. "
                    "`import tfpatch` activates it; these commands show what it does.")
    parser.add_argument("--version", action="version", version="tfpatch " + __version__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("rules", help="list the catalogue of renames",
                       description="List the catalogue of renames, one rule per entry.")
    p.add_argument("--release", type=_release_type, metavar="X.Y",
                   help="only the rules that matter on this TensorFlow release")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_rules)
    p = sub.add_parser("status", help="show what tfpatch does in this interpreter",
                       description="Show whether tfpatch is active, the settings read from the "
                                   "environment and what was patched.")
    p.add_argument("--import-tf", action="store_true", help="import TensorFlow first")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=_cmd_status)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
