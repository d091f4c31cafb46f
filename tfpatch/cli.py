"""The ``tfpatch`` command line."""
import argparse
import json
import sys

from . import __version__
from ._api import parse_release

EPILOG = """environment:
  TFPATCH=0|1          0 turns tfpatch off even where it is imported
  TFPATCH_LOG=LEVEL    debug, info, warning (default: notices), error, off
  TFPATCH_DISABLE=IDS  comma-separated rule ids to leave out
  TFPATCH_STRICT=1     every use of an alias raises TFPatchStrictError
  TFPATCH_REPORT=FILE  write every alias use to FILE (JSON) at exit

examples:
  tfpatch run train.py --epochs 3           run a program with tfpatch active
  tfpatch run --report uses.json -m pkg.cli run a module, write the report
  tfpatch report uses.json                  what to change, file by file
  tfpatch check src/ --target 2.21          the same, statically, no TensorFlow needed
  tfpatch fix src/ --target 2.21 --write    rewrite the sources for that release
  tfpatch doctor                            what runs here, and what is wrong
"""


def _release_type(text):
    try:
        return parse_release(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc))


def _cmd_rules(args):
    from . import CONFIG
    from .rules import CATALOGUE
    rows = []
    for rule in CATALOGUE:
        if args.release and not rule.matters_on(args.release):
            continue
        state = ("blocked: " + rule.blocked if rule.blocked else
                 "disabled by TFPATCH_DISABLE" if rule.id in CONFIG.disabled else "active")
        spellings = ["tf." + spelling for spelling in rule.spellings()]
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


def _cmd_run(args):
    import os
    if not args.module and not args.target:
        print("tfpatch run: give a script or -m MODULE to run", file=sys.stderr)
        return 2
    env = dict(os.environ)
    env["TFPATCH"] = "1"
    boot = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_bootstrap")
    env["PYTHONPATH"] = os.pathsep.join([boot] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    if args.report:
        env["TFPATCH_REPORT"] = os.path.abspath(args.report)
    if args.strict:
        env["TFPATCH_STRICT"] = "1"
    if args.module:
        argv = [sys.executable, "-m", args.module] + ([args.target] if args.target else []) + args.args
    else:
        if not os.path.exists(args.target):
            print("tfpatch run: %s: no such file (give a Python script, or -m MODULE)" % args.target,
                  file=sys.stderr)
            return 2
        argv = [sys.executable, args.target] + args.args
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execve(sys.executable, argv, env)  # the program's exit status and signals are its own
    import subprocess
    return subprocess.call(argv, env=env)


def _cmd_report(args):
    from . import _report
    try:
        data = _report.read(args.file)
    except (OSError, ValueError, _report.ReportError) as exc:
        print("tfpatch report: cannot read %s: %s" % (args.file, getattr(exc, "strerror", None) or exc),
              file=sys.stderr)
        return 2
    print(_report.render(data, args.format))
    return 0


def _cmd_check(args):
    from . import _check
    from .rules import CATALOGUE
    try:
        findings, problems = _check.check(args.paths, args.target, CATALOGUE)
    except (_check.BadInput, _check.UnknownRelease) as exc:
        print("tfpatch check: %s" % exc, file=sys.stderr)
        return 2
    for problem in problems:
        print("tfpatch check: " + problem, file=sys.stderr)
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in findings], indent=1))
    elif args.format == "sarif":
        print(json.dumps(_check.sarif(findings, args.target, problems), indent=1))
    else:
        for finding in findings:
            print(finding)
        print(_check.summary(findings, args.target), file=sys.stderr)
    return 1 if findings else 0


def _cmd_fix(args):
    from . import _check, _fix
    from .rules import CATALOGUE
    report = None
    if args.from_report:
        from . import _report
        try:
            report = _report.read(args.from_report)
        except (OSError, ValueError, _report.ReportError) as exc:
            print("tfpatch fix: cannot read the report %s: %s" % (
                args.from_report, getattr(exc, "strerror", None) or exc), file=sys.stderr)
            return 2
    try:
        results = _fix.fix(args.paths, args.target, CATALOGUE, write=args.write, report=report)
    except (_check.BadInput, _check.UnknownRelease, _fix.FixUnavailable) as exc:
        print("tfpatch fix: %s" % exc, file=sys.stderr)
        return 2
    fixed = human = undecided = files = problems = 0
    for result in results:
        if result.problem:
            problems += 1
            print("tfpatch fix: " + result.problem, file=sys.stderr)
            continue
        if not args.write:
            sys.stdout.write(result.diff())
        if result.changed:
            files += 1
        fixed += len(result.applied)
        for finding in result.findings:
            if finding.status == _check.HUMAN:
                human += 1
                print("%s (left as it is)" % finding, file=sys.stderr)
            elif finding.status == _check.UNDECIDED:
                undecided += 1
                print("%s (left as it is)" % finding, file=sys.stderr)
        for finding in result.missed:
            print("%s: not rewritten: the source there is not what the analysis saw" % finding, file=sys.stderr)
        for note in result.report_notes:
            print("tfpatch fix: " + note, file=sys.stderr)
    verb = "rewrote" if args.write else "would rewrite"
    print("tfpatch fix: %s %d site%s in %d file%s for TensorFlow %d.%d; %d left for a human, %d cannot be "
          "decided statically%s" % (verb, fixed, "" if fixed == 1 else "s", files, "" if files == 1 else "s",
                                    args.target[0], args.target[1], human, undecided,
                                    "; %d file%s left untouched" % (problems, "" if problems == 1 else "s")
                                    if problems else ""), file=sys.stderr)
    if not args.write and files:
        print("tfpatch fix: nothing was changed; --write applies this diff", file=sys.stderr)
    return 1 if (human or undecided or problems) else 0


def _cmd_doctor(args):
    from . import _doctor
    text, has_problems = _doctor.render(import_tf=not args.no_import_tf)
    print(text)
    return 1 if has_problems else 0


def _cmd_install_pth(args):
    from . import _pth
    try:
        path = _pth.install(args.dir)
    except OSError as exc:
        print("tfpatch install-pth: cannot write in %s: %s" % (args.dir or _pth.site_packages(), exc.strerror),
              file=sys.stderr)
        return 2
    print("installed %s: tfpatch now starts with every Python of this environment when TFPATCH=1" % path)
    return 0


def _cmd_uninstall_pth(args):
    from . import _pth
    try:
        path = _pth.uninstall(args.dir)
    except OSError as exc:
        print("tfpatch uninstall-pth: %s" % exc, file=sys.stderr)
        return 2
    print("removed %s" % path if path else "no tfpatch .pth in %s" % (args.dir or _pth.site_packages()))
    return 0


def _existing_dir(text):
    import os
    if not os.path.isdir(text):
        raise argparse.ArgumentTypeError("%r is not an existing directory" % text)
    return text


LATEST = "2.21"


def _wrap(text):
    import textwrap
    return textwrap.fill(text, 79)


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

    p = sub.add_parser("run", help="run a program with tfpatch active",
                       usage="tfpatch run [--report FILE] [--strict] (script.py | -m module) [args ...]",
                       description="Run a Python program with tfpatch active, through the environment "
                                   "(PYTHONPATH, TFPATCH=1), so its child processes are patched too. "
                                   "The program replaces this process: its exit status and signals are its own.")
    p.add_argument("--report", metavar="FILE", help="write every alias use to FILE (JSON) at exit")
    p.add_argument("--strict", action="store_true", help="every use of an alias raises TFPatchStrictError")
    p.add_argument("-m", dest="module", metavar="MODULE", help="run a module, as python -m does")
    p.add_argument("target", nargs="?", metavar="script.py", help="the program to run")
    p.add_argument("args", nargs=argparse.REMAINDER, help="its arguments")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("report", help="show a report written by --report / TFPATCH_REPORT",
                       description="Show a report file, grouped by file, with the spelling to write instead.")
    p.add_argument("file", help="the report (JSON)")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("check", help="find what tfpatch would serve or adapt on a release, statically",
                       description="Scan .py files and notebooks for everything tfpatch would serve or "
                                   "adapt on the target TensorFlow: renamed spellings, adapted calls "
                                   "(Adam(lr=), fit_generator, LossScaleOptimizer(opt, 'dynamic') ...), TF1 "
                                   "names kept under tf.compat.v1, TF1 keyword arguments, names the release "
                                   "lacks, and sites that cannot be decided statically. No TensorFlow needed. "
                                   "Exit status 1 when something is found, 2 for bad input.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    p.add_argument("--target", type=_release_type, default=parse_release(LATEST), metavar="X.Y",
                   help="the TensorFlow release the code must run on (default %s)" % LATEST)
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                   help="text (file:line:col: found -> write), json, or SARIF 2.1.0 for code scanning")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("fix", help="rewrite sources to a release's spellings (shows a diff; --write applies it)",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description=_wrap("Rewrite what `tfpatch check` finds to the spellings and calls the target "
                                   "TensorFlow has, in either direction (legacy code for a new release, new code "
                                   "for an old one), in .py files and notebook cells. Everything else in a file "
                                   "stays byte for byte. Without --write: a unified diff, nothing changed. What "
                                   "needs a human is listed with the reason and left as it is. Needs LibCST "
                                   "(pip install \"tfpatch[fix]\"). Exit status 0 when everything was "
                                   "rewritten, 1 when something is left, 2 for bad input."),
                       epilog="examples:\n"
                              "  tfpatch fix train.py --target 2.21            show the diff\n"
                              "  tfpatch fix src/ notebooks/ --target 2.21 --write\n"
                              "  tfpatch run --report uses.json train.py\n"
                              "  tfpatch fix train.py --from-report uses.json --target 2.21\n"
                              "                                               fix exactly what the run used")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    p.add_argument("--target", type=_release_type, default=parse_release(LATEST), metavar="X.Y",
                   help="the TensorFlow release the code must run on (default %s)" % LATEST)
    p.add_argument("--write", action="store_true", help="replace each changed file (atomically)")
    p.add_argument("--from-report", metavar="USES.json",
                   help="fix exactly the sites of a runtime report (tfpatch run --report), where the line "
                        "still matches")
    p.set_defaults(func=_cmd_fix)

    p = sub.add_parser("doctor", help="show Python, TensorFlow, Keras, activation, and problems with fixes",
                       description="Show what this environment runs and how tfpatch is switched on; "
                                   "list problems with their fixes. Exit status 1 when there are problems.")
    p.add_argument("--no-import-tf", action="store_true", help="do not import TensorFlow to inspect it")
    p.set_defaults(func=_cmd_doctor)

    p = sub.add_parser("install-pth", help="start tfpatch with every Python of this environment when TFPATCH=1",
                       description="Write an environment-gated .pth into site-packages: it does nothing "
                                   "unless TFPATCH=1, and survives tfpatch being uninstalled.")
    p.add_argument("--dir", type=_existing_dir, help="site-packages directory (default: this environment's)")
    p.set_defaults(func=_cmd_install_pth)
    p = sub.add_parser("uninstall-pth", help="remove the .pth written by install-pth",
                       description="Remove the .pth written by install-pth.")
    p.add_argument("--dir", type=_existing_dir, help="site-packages directory (default: this environment's)")
    p.set_defaults(func=_cmd_uninstall_pth)
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
