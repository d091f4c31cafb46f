"""The kinds of rule a catalogue row can be.

Every spelling is written relative to the ``tf`` namespace, the way users
write it after ``import tensorflow as tf``: ``"distribute.TPUStrategy"``,
``"keras.mixed_precision.set_global_policy"``.  A row is symmetric: whichever
spelling the installed release lacks is served as an alias of the one it has.

``since`` is the first release with the modern spelling; ``until`` the first
release without the legacy one (``None`` while it is still there).  ``blocked``
holds the reason a row is kept in the catalogue but not applied (the calls of
the two spellings differ, so a plain alias would change behaviour).
"""
from collections import namedtuple

_Rename = namedtuple("Rename", "modern legacy since until blocked")
_Method = namedtuple("Method", "owner modern legacy since until blocked")
_Namespace = namedtuple("Namespace", "path moved_to since until blocked")


class Rename(_Rename):
    """A public name with two spellings, e.g. an ``experimental`` graduation."""

    __slots__ = ()
    kind = "rename"

    def __new__(cls, modern, legacy, since, until=None, blocked=None):
        return super().__new__(cls, modern, legacy, since, until, blocked)

    @property
    def id(self):
        return self.modern


class Method(_Method):
    """A method renamed on a class; the alias is placed on ``owner`` so every
    subclass has it, and resolves through the instance so overrides win."""

    __slots__ = ()
    kind = "method"

    def __new__(cls, owner, modern, legacy, since, until=None, blocked=None):
        return super().__new__(cls, owner, modern, legacy, since, until, blocked)

    @property
    def id(self):
        return self.owner + "." + self.modern


class Namespace(_Namespace):
    """A module that exists in some releases only; where it is missing it is
    served as a module whose names are the renames declared under it, so
    ``from tensorflow.X import experimental`` keeps working."""

    __slots__ = ()
    kind = "namespace"

    def __new__(cls, path, moved_to, since=None, until=None, blocked=None):
        return super().__new__(cls, path, moved_to, since, until, blocked)

    @property
    def id(self):
        return self.path
