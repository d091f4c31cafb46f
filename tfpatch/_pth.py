"""The environment-gated ``.pth`` file: tfpatch at interpreter start, only when asked.

Python runs ``import`` lines of ``.pth`` files in site-packages at every start,
so the line does as little as possible: it reads one environment variable and
stops unless ``TFPATCH`` is on.  It survives tfpatch being uninstalled (the
import is guarded) and is harmless when processed twice (a venv's lib64
symlink makes that happen), since importing tfpatch twice does nothing more.
"""
import os
import site
import sys

PTH_NAME = "tfpatch-activate.pth"

PTH_LINE = (
    "import os; os.environ.get('TFPATCH', '').strip().lower() in ('1', 'true', 'yes', 'on') and "
    "exec('try:\\n import tfpatch\\nexcept ImportError:\\n pass')\n"
)


def site_packages():
    """The site-packages directory of the running interpreter's environment."""
    if hasattr(site, "getsitepackages"):
        for path in site.getsitepackages():
            if path.endswith("site-packages") and os.path.isdir(path):
                return path
    import sysconfig
    return sysconfig.get_paths()["purelib"]


def install(directory=None):
    directory = directory or site_packages()
    path = os.path.join(directory, PTH_NAME)
    tmp = path + ".tmp%d" % os.getpid()
    with open(tmp, "w") as f:
        f.write(PTH_LINE)
    os.replace(tmp, path)
    return path


def uninstall(directory=None):
    path = os.path.join(directory or site_packages(), PTH_NAME)
    if os.path.exists(path):
        os.remove(path)
        return path
    return None


if __name__ == "__main__":  # pragma: no cover - manual use
    print(install(sys.argv[1] if len(sys.argv) > 1 else None))
