"""The directory ``tfpatch run`` puts first on ``PYTHONPATH`` (see ``sitecustomize``)."""
