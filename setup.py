"""Everything is in setup.cfg; this file only declares the optional C lookups.

``tfpatch._speedups`` makes a use of an alias cost a dictionary lookup in C
(see tfpatch/_speedups.c).  Where no compiler is at hand the build of it is
skipped and tfpatch runs its Python twin: same behaviour, slower lookups.
"""
from setuptools import Extension, setup

setup(ext_modules=[Extension("tfpatch._speedups", ["tfpatch/_speedups.c"], optional=True)])
