"""pytest plugin: ``pytest --tfpatch`` runs the tests with tfpatch active,
``--tfpatch=strict`` makes every use of an alias an error (a migration gate).

A module of its own, outside the ``tfpatch`` package, because importing
``tfpatch`` activates it: the plugin is loaded by every pytest run in the
environment and must do nothing unless asked.
"""


def pytest_addoption(parser):
    group = parser.getgroup("tfpatch", "TensorFlow renames served by tfpatch")
    # A flag, so `pytest --tfpatch tests/` leaves `tests/` alone (an optional value would take
    # it).  argparse matches an option string whole before it splits at "=", so each
    # `--tfpatch=MODE` is an option of its own, writing the same destination.
    group.addoption("--tfpatch", action="store_const", const="on", dest="tfpatch", default=None,
                    help="activate tfpatch for the test run; --tfpatch=strict makes every alias use "
                         "an error, --tfpatch=off keeps it off even where imported")
    for mode in ("on", "strict", "off"):
        group.addoption("--tfpatch=" + mode, action="store_const", const=mode, dest="tfpatch",
                        help="tfpatch %s for the test run" % {"on": "active", "strict": "active, every alias use "
                                                              "an error", "off": "off"}[mode])


def pytest_configure(config):
    mode = config.getoption("tfpatch")
    if mode is None:
        return
    import tfpatch
    if mode == "off":
        tfpatch.deactivate()
    elif not tfpatch.activate(reason="pytest --tfpatch", strict=(mode == "strict")):
        config.issue_config_time_warning(
            UserWarning("--tfpatch: TFPATCH=0 in the environment keeps tfpatch off"), stacklevel=2)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if config.getoption("tfpatch") not in ("on", "strict"):
        return
    import tfpatch
    from tfpatch import _report
    uses, _ = _report.collect()
    if not uses:
        return
    terminalreporter.section("tfpatch")
    terminalreporter.write_line(_report.summary(uses) + ":")
    for use in uses:
        terminalreporter.write_line("  %s:%d: %s -> %s (since %s), %d use%s" % (
            use["file"], use["line"], use["used"], use["installed"], use["since"], use["count"],
            "" if use["count"] == 1 else "s"))
    del tfpatch
