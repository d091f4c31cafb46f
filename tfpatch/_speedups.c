/* tfpatch._speedups: the two lookups tfpatch makes on every use of an alias, in C.
 *
 * Optional.  tfpatch/_engine.py has the same two in Python and uses them when
 * this module is not built (or TFPATCH_SPEEDUPS=0); both keep the same
 * state, so the engine's slow paths (notices, strict mode) stay in Python.
 *
 * A use is "known" when its call site (the calling frame's code object and
 * instruction offset) is a key of the alias's `sites` dict: the key is
 * `(id(code), frame.f_lasti)`, built here exactly as Python builds it, so a
 * site recorded by either implementation is known to the other.  A known use
 * only counts (`record[0] += 1`); an unknown one calls back into Python.
 *
 *   MethodAliasBase  a non-data descriptor: `obj.used` answers `obj.other`.
 *   ServedGetattr    base of a module's PEP 562 __getattr__: names already
 *                    served from `cache`, everything else from the Python
 *                    `slow` method of the subclass (tfpatch._engine.ModuleHook).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>
#include <structmember.h>

/* The last known site of one alias: a repeated use from it skips the dict.
 * Strong references, so the code object cannot be freed and its address reused. */
typedef struct {
    PyObject *code;
    long lasti;
    PyObject *record;
} LastSite;

/* The calling frame's code (borrowed: the frame holds it) and instruction
 * offset, the offset as Python's frame.f_lasti spells it. */
static PyObject *
frame_site(PyFrameObject *frame, long *lasti)
{
#if PY_VERSION_HEX >= 0x030B0000
    PyCodeObject *code = PyFrame_GetCode(frame);
    *lasti = PyFrame_GetLasti(frame);
    Py_DECREF(code);
    return (PyObject *)code;
#elif PY_VERSION_HEX >= 0x030A0000
    *lasti = frame->f_lasti < 0 ? -1 : (long)(frame->f_lasti * sizeof(_Py_CODEUNIT));
    return (PyObject *)frame->f_code;
#else
    *lasti = frame->f_lasti;
    return (PyObject *)frame->f_code;
#endif
}

/* The site key, as Python spells it: (id(code), frame.f_lasti). */
static PyObject *
site_key(PyObject *code, long lasti)
{
    PyObject *code_id, *offset, *key;

    code_id = PyLong_FromVoidPtr(code);
    if (code_id == NULL)
        return NULL;
    offset = PyLong_FromLong(lasti);
    if (offset == NULL) {
        Py_DECREF(code_id);
        return NULL;
    }
    key = PyTuple_Pack(2, code_id, offset);
    Py_DECREF(code_id);
    Py_DECREF(offset);
    return key;
}

/* record[0] += 1, for a record shaped as tfpatch's notices make them: [count]. */
static int
bump(PyObject *record)
{
    PyObject *count, *more;
    Py_ssize_t n;

    if (!PyList_Check(record) || PyList_GET_SIZE(record) < 1)
        return 0;
    count = PyList_GET_ITEM(record, 0);
    n = PyLong_Check(count) ? PyLong_AsSsize_t(count) : -1;
    if (n < 0 || n == PY_SSIZE_T_MAX) {
        PyErr_Clear();
        return 0;
    }
    more = PyLong_FromSsize_t(n + 1);
    if (more == NULL)
        return -1;
    PyList_SET_ITEM(record, 0, more);
    Py_DECREF(count);
    return 0;
}

/* 0: a known site, counted; 1: a new site (the caller tells Python); -1: error.
 * *frame_out is the calling frame (borrowed; NULL when there is none). */
static int
count_use(PyObject *sites, LastSite *last, PyFrameObject **frame_out)
{
    PyFrameObject *frame = PyEval_GetFrame();
    PyObject *code, *key, *record;
    long lasti;

    *frame_out = frame;
    if (frame == NULL)  /* no Python frame to name: nothing to tell */
        return 0;
    code = frame_site(frame, &lasti);
    if (last != NULL && code == last->code && lasti == last->lasti)
        return bump(last->record);
    key = site_key(code, lasti);
    if (key == NULL)
        return -1;
    record = PyDict_GetItemWithError(sites, key);
    Py_DECREF(key);
    if (record == NULL)
        return PyErr_Occurred() ? -1 : 1;
    if (last != NULL) {  /* sites only grow: a known site stays known */
        Py_INCREF(code);
        Py_INCREF(record);
        Py_XSETREF(last->code, code);
        Py_XSETREF(last->record, record);
        last->lasti = lasti;
    }
    return bump(record);
}


/* --- MethodAliasBase ---------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *other;  /* str: the spelling the release has */
    PyObject *sites;  /* dict: site key -> use record */
    LastSite last;
} MethodAliasBase;

static int
alias_traverse(MethodAliasBase *self, visitproc visit, void *arg)
{
    Py_VISIT(self->other);
    Py_VISIT(self->sites);
    Py_VISIT(self->last.code);
    Py_VISIT(self->last.record);
    return 0;
}

static int
alias_clear(MethodAliasBase *self)
{
    Py_CLEAR(self->other);
    Py_CLEAR(self->sites);
    Py_CLEAR(self->last.code);
    Py_CLEAR(self->last.record);
    return 0;
}

static void
alias_dealloc(MethodAliasBase *self)
{
    PyObject_GC_UnTrack(self);
    alias_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
alias_get(MethodAliasBase *self, PyObject *obj, PyObject *type)
{
    PyFrameObject *frame;
    int state;

    if (self->other == NULL || self->sites == NULL || !PyDict_Check(self->sites)) {
        PyErr_SetString(PyExc_TypeError, "tfpatch method alias used before it was set up");
        return NULL;
    }
    state = count_use(self->sites, &self->last, &frame);
    if (state < 0)
        return NULL;
    if (state == 1) {
        PyObject *told = PyObject_CallMethod((PyObject *)self, "_first_use", "O", (PyObject *)frame);
        if (told == NULL)
            return NULL;
        Py_DECREF(told);
    }
    if (obj == NULL || obj == Py_None) {
        if (type == NULL) {
            PyErr_SetString(PyExc_TypeError, "__get__(None, None) is invalid");
            return NULL;
        }
        return PyObject_GetAttr(type, self->other);
    }
    return PyObject_GetAttr(obj, self->other);
}

static PyMemberDef alias_members[] = {
    {"other", T_OBJECT, offsetof(MethodAliasBase, other), 0, "the spelling the release has"},
    {"sites", T_OBJECT, offsetof(MethodAliasBase, sites), 0, "call site -> use record"},
    {NULL}
};

static PyTypeObject MethodAliasBase_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tfpatch._speedups.MethodAliasBase",
    .tp_basicsize = sizeof(MethodAliasBase),
    .tp_dealloc = (destructor)alias_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Base of tfpatch's method aliases: counts a known call site in C, "
              "calls self._first_use(frame) for a new one, answers getattr(obj, self.other).",
    .tp_traverse = (traverseproc)alias_traverse,
    .tp_clear = (inquiry)alias_clear,
    .tp_members = alias_members,
    .tp_descr_get = (descrgetfunc)alias_get,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = PyType_GenericNew,
    .tp_free = PyObject_GC_Del,
};


/* --- ServedGetattr ------------------------------------------------------------------ */

/* Method names the C lookups call back into Python with (interned at import). */
static PyObject *str_slow, *str_first_use;

/* The hook's state.  All of it lives here, set by one C call (a hook is made for
 * each of ~300 API modules inside `import tensorflow`); the Python subclass only
 * adds methods.  See tfpatch._engine.ModuleHook for what each field means. */
#define HOOK_FIELDS 6
typedef struct {
    PyObject_HEAD
    PyObject *cache;      /* dict: name -> (sites, value, entry), names already served */
    PyObject *table;      /* dict or None: the names served, made on the first miss */
    PyObject *fields[HOOK_FIELDS];  /* engine, previous, path, paths, fallback, module */
} ServedGetattr;

static int
getattr_traverse(ServedGetattr *self, visitproc visit, void *arg)
{
    int i;

    Py_VISIT(self->cache);
    Py_VISIT(self->table);
    for (i = 0; i < HOOK_FIELDS; i++)
        Py_VISIT(self->fields[i]);
    return 0;
}

static int
getattr_clear(ServedGetattr *self)
{
    int i;

    Py_CLEAR(self->cache);
    Py_CLEAR(self->table);
    for (i = 0; i < HOOK_FIELDS; i++)
        Py_CLEAR(self->fields[i]);
    return 0;
}

static int
getattr_init(ServedGetattr *self, PyObject *args, PyObject *kwds)
{
    PyObject *cache;
    Py_ssize_t i;

    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "ModuleHook() takes no keyword arguments");
        return -1;
    }
    if (PyTuple_GET_SIZE(args) != HOOK_FIELDS) {
        PyErr_Format(PyExc_TypeError, "ModuleHook() takes %d arguments (%zd given)",
                     HOOK_FIELDS, PyTuple_GET_SIZE(args));
        return -1;
    }
    cache = PyDict_New();
    if (cache == NULL)
        return -1;
    Py_XSETREF(self->cache, cache);
    Py_CLEAR(self->table);
    for (i = 0; i < HOOK_FIELDS; i++) {
        PyObject *value = PyTuple_GET_ITEM(args, i);
        Py_INCREF(value);
        Py_XSETREF(self->fields[i], value);
    }
    return 0;
}

static void
getattr_dealloc(ServedGetattr *self)
{
    PyObject_GC_UnTrack(self);
    getattr_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
getattr_call(ServedGetattr *self, PyObject *args, PyObject *kwds)
{
    PyObject *name, *hit, *value;
    PyFrameObject *frame;
    int state;

    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "__getattr__() takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_UnpackTuple(args, "__getattr__", 1, 1, &name))
        return NULL;
    if (self->cache == NULL || !PyDict_Check(self->cache))
        return PyObject_CallMethodObjArgs((PyObject *)self, str_slow, name, NULL);
    hit = PyDict_GetItemWithError(self->cache, name);
    if (hit == NULL) {
        if (PyErr_Occurred())
            return NULL;
        return PyObject_CallMethodObjArgs((PyObject *)self, str_slow, name, NULL);
    }
    if (!PyTuple_Check(hit) || PyTuple_GET_SIZE(hit) != 3 || !PyDict_Check(PyTuple_GET_ITEM(hit, 0)))
        return PyObject_CallMethodObjArgs((PyObject *)self, str_slow, name, NULL);
    Py_INCREF(hit);  /* the cache may change under the callback */
    state = count_use(PyTuple_GET_ITEM(hit, 0), NULL, &frame);
    if (state == 1) {
        PyObject *told = PyObject_CallMethodObjArgs((PyObject *)self, str_first_use,
                                                    PyTuple_GET_ITEM(hit, 2), (PyObject *)frame, NULL);
        if (told == NULL)
            state = -1;
        else
            Py_DECREF(told);
    }
    if (state < 0) {
        Py_DECREF(hit);
        return NULL;
    }
    value = PyTuple_GET_ITEM(hit, 1);
    Py_INCREF(value);
    Py_DECREF(hit);
    return value;
}

static PyObject *
getattr_repr(ServedGetattr *self)
{
    return PyUnicode_FromFormat("<tfpatch __getattr__ at %p>", self);
}

static PyMemberDef getattr_members[] = {
    {"cache", T_OBJECT, offsetof(ServedGetattr, cache), 0, "name -> (sites, value, entry)"},
    {"_table", T_OBJECT, offsetof(ServedGetattr, table), 0, "the names served, or None"},
    {"_tfpatch_engine", T_OBJECT, offsetof(ServedGetattr, fields[0]), READONLY, NULL},
    {"_tfpatch_previous", T_OBJECT, offsetof(ServedGetattr, fields[1]), READONLY, NULL},
    {"_tfpatch_path", T_OBJECT, offsetof(ServedGetattr, fields[2]), READONLY, NULL},
    {"_tfpatch_paths", T_OBJECT, offsetof(ServedGetattr, fields[3]), READONLY, NULL},
    {"_tfpatch_fallback", T_OBJECT, offsetof(ServedGetattr, fields[4]), READONLY, NULL},
    {"_module", T_OBJECT, offsetof(ServedGetattr, fields[5]), READONLY, NULL},
    {NULL}
};

static PyTypeObject ServedGetattr_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tfpatch._speedups.ServedGetattr",
    .tp_basicsize = sizeof(ServedGetattr),
    .tp_dealloc = (destructor)getattr_dealloc,
    .tp_repr = (reprfunc)getattr_repr,
    .tp_call = (ternaryfunc)getattr_call,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Base of tfpatch's module __getattr__ hooks, ServedGetattr(engine, previous, path, "
              "paths, fallback, module): a name in self.cache is served (and its call site counted) "
              "in C; a new site calls self._first_use(entry, frame), any other name self.slow(name).",
    .tp_traverse = (traverseproc)getattr_traverse,
    .tp_clear = (inquiry)getattr_clear,
    .tp_members = getattr_members,
    .tp_init = (initproc)getattr_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = PyType_GenericNew,
    .tp_free = PyObject_GC_Del,
};


/* --- PathHook --------------------------------------------------------------------- */

/* The path-entry hook of tfpatch._hook.Hooks, in C: Python asks it about each new
 * directory (~300 inside `import tensorflow`, and every directory any other
 * program imports from).  It asks the hooks after it, as importlib would, and
 * hands a plain FileFinder to the Python `consider(path, finder)` only for a
 * directory that matters: one in `dirs`, or one in the __path__ of a top-level
 * package in `roots` that is being imported.  Anything else costs a set lookup
 * and a few dict lookups.  When it is not first on sys.path_hooks (moved by
 * another tool) it hands the call to `fallback`, the Python version. */
typedef struct {
    PyObject_HEAD
    PyObject *consider;     /* callable(path, finder) */
    PyObject *dirs;         /* set: the directories that get a patching finder */
    PyObject *roots;        /* tuple of str: top-level package names */
    PyObject *finder_type;  /* importlib's FileFinder */
    PyObject *fallback;     /* callable(path): the same hook in Python */
} PathHook;

static PyObject *str_path;

static int
pathhook_traverse(PathHook *self, visitproc visit, void *arg)
{
    Py_VISIT(self->consider);
    Py_VISIT(self->dirs);
    Py_VISIT(self->roots);
    Py_VISIT(self->finder_type);
    Py_VISIT(self->fallback);
    return 0;
}

static int
pathhook_clear(PathHook *self)
{
    Py_CLEAR(self->consider);
    Py_CLEAR(self->dirs);
    Py_CLEAR(self->roots);
    Py_CLEAR(self->finder_type);
    Py_CLEAR(self->fallback);
    return 0;
}

static void
pathhook_dealloc(PathHook *self)
{
    PyObject_GC_UnTrack(self);
    pathhook_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
pathhook_init(PathHook *self, PyObject *args, PyObject *kwds)
{
    PyObject *consider, *dirs, *roots, *finder_type, *fallback;

    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "PathHook() takes no keyword arguments");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "OO!O!OO:PathHook", &consider, &PySet_Type, &dirs, &PyTuple_Type, &roots,
                          &finder_type, &fallback))
        return -1;
    Py_INCREF(consider);
    Py_XSETREF(self->consider, consider);
    Py_INCREF(dirs);
    Py_XSETREF(self->dirs, dirs);
    Py_INCREF(roots);
    Py_XSETREF(self->roots, roots);
    Py_INCREF(finder_type);
    Py_XSETREF(self->finder_type, finder_type);
    Py_INCREF(fallback);
    Py_XSETREF(self->fallback, fallback);
    return 0;
}

/* 1 if `path` matters to consider(), 0 if not, -1 on error. */
static int
pathhook_wants(PathHook *self, PyObject *path)
{
    PyObject *modules, *module, *locations;
    Py_ssize_t i;
    int found;

    found = PySet_Contains(self->dirs, path);
    if (found != 0)
        return found;
    modules = PyImport_GetModuleDict();  /* borrowed */
    if (modules == NULL || !PyDict_Check(modules))
        return 1;  /* an unusual sys.modules: let Python decide */
    for (i = 0; i < PyTuple_GET_SIZE(self->roots); i++) {
        module = PyDict_GetItemWithError(modules, PyTuple_GET_ITEM(self->roots, i));
        if (module == NULL) {
            if (PyErr_Occurred())
                return -1;
            continue;
        }
        if (!PyModule_Check(module))
            return 1;
        locations = PyDict_GetItemWithError(PyModule_GetDict(module), str_path);
        if (locations == NULL) {
            if (PyErr_Occurred())
                return -1;
            continue;
        }
        if (!PyList_CheckExact(locations))
            return 1;
        Py_INCREF(locations);
        found = PySequence_Contains(locations, path);
        Py_DECREF(locations);
        if (found != 0)
            return found;
    }
    return 0;
}

static PyObject *
pathhook_call(PathHook *self, PyObject *args, PyObject *kwds)
{
    PyObject *path, *hooks, *rest, *finder, *done;
    Py_ssize_t i;
    int wants;

    if (!PyArg_ParseTuple(args, "O:path_hook", &path))
        return NULL;
    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "path_hook() takes no keyword arguments");
        return NULL;
    }
    hooks = PySys_GetObject("path_hooks");  /* borrowed */
    if (hooks == NULL || !PyList_Check(hooks) || PyList_GET_SIZE(hooks) == 0
            || PyList_GET_ITEM(hooks, 0) != (PyObject *)self)
        return PyObject_CallFunctionObjArgs(self->fallback, path, NULL);
    rest = PyList_GetSlice(hooks, 1, PyList_GET_SIZE(hooks));
    if (rest == NULL)
        return NULL;
    for (i = 0; i < PyList_GET_SIZE(rest); i++) {
        finder = PyObject_CallFunctionObjArgs(PyList_GET_ITEM(rest, i), path, NULL);
        if (finder == NULL) {
            if (PyErr_ExceptionMatches(PyExc_ImportError)) {
                PyErr_Clear();
                continue;
            }
            Py_DECREF(rest);
            return NULL;
        }
        Py_DECREF(rest);
        if ((PyObject *)Py_TYPE(finder) != self->finder_type)
            return finder;
        wants = pathhook_wants(self, path);
        if (wants == 0)
            return finder;
        if (wants < 0)
            PyErr_Clear();  /* consider() looks again, in Python, and reports what fails */
        done = PyObject_CallFunctionObjArgs(self->consider, path, finder, NULL);
        if (done == NULL) {
            Py_DECREF(finder);
            return NULL;
        }
        Py_DECREF(done);
        return finder;
    }
    Py_DECREF(rest);
    Py_RETURN_NONE;
}

static PyObject *
pathhook_marker(PyObject *self, void *closure)
{
    Py_RETURN_TRUE;
}

static PyGetSetDef pathhook_getset[] = {
    {"_tfpatch_hook", pathhook_marker, NULL, "marks tfpatch's path hooks for uninstall()", NULL},
    {NULL}
};

static PyMemberDef pathhook_members[] = {
    {"dirs", T_OBJECT, offsetof(PathHook, dirs), READONLY, "the directories that get a patching finder"},
    {NULL}
};

static PyTypeObject PathHook_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tfpatch._speedups.PathHook",
    .tp_basicsize = sizeof(PathHook),
    .tp_dealloc = (destructor)pathhook_dealloc,
    .tp_call = (ternaryfunc)pathhook_call,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "PathHook(consider, dirs, roots, finder_type, fallback): tfpatch's path-entry hook; "
              "see tfpatch._hook.Hooks.",
    .tp_traverse = (traverseproc)pathhook_traverse,
    .tp_clear = (inquiry)pathhook_clear,
    .tp_getset = pathhook_getset,
    .tp_members = pathhook_members,
    .tp_init = (initproc)pathhook_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = PyType_GenericNew,
    .tp_free = PyObject_GC_Del,
};


/* submodules(d): [(name, value)] for the values of the dict d that are plain
 * modules, under public names (no leading underscore).  The walk of
 * TensorFlow's API at the end of its import reads ~8,000 names to find ~130
 * modules: in C that is ~10 times cheaper than the list comprehension. */
static PyObject *
submodules(PyObject *self, PyObject *d)
{
    PyObject *result, *key, *value, *pair;
    Py_ssize_t pos = 0;

    if (!PyDict_Check(d)) {
        PyErr_SetString(PyExc_TypeError, "submodules() takes a dict");
        return NULL;
    }
    result = PyList_New(0);
    if (result == NULL)
        return NULL;
    while (PyDict_Next(d, &pos, &key, &value)) {
        if (Py_TYPE(value) != &PyModule_Type || !PyUnicode_Check(key))
            continue;
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(key) < 0) {
            Py_DECREF(result);
            return NULL;
        }
#endif
        if (PyUnicode_GET_LENGTH(key) > 0 && PyUnicode_READ_CHAR(key, 0) == '_')
            continue;
        pair = PyTuple_Pack(2, key, value);
        if (pair == NULL || PyList_Append(result, pair) < 0) {
            Py_XDECREF(pair);
            Py_DECREF(result);
            return NULL;
        }
        Py_DECREF(pair);
    }
    return result;
}

static PyMethodDef speedups_functions[] = {
    {"submodules", submodules, METH_O,
     "submodules(d) -> [(name, module)]: the plain modules among the values of d, under names "
     "that do not start with an underscore."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    "tfpatch._speedups",
    "The per-use lookups of tfpatch's aliases in C (optional; see tfpatch/_engine.py).",
    -1,
    speedups_functions,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    PyObject *module;

    str_slow = PyUnicode_InternFromString("slow");
    str_first_use = PyUnicode_InternFromString("_first_use");
    str_path = PyUnicode_InternFromString("__path__");
    if (str_slow == NULL || str_first_use == NULL || str_path == NULL)
        return NULL;
    if (PyType_Ready(&MethodAliasBase_Type) < 0 || PyType_Ready(&ServedGetattr_Type) < 0
            || PyType_Ready(&PathHook_Type) < 0)
        return NULL;
    module = PyModule_Create(&speedups_module);
    if (module == NULL)
        return NULL;
    Py_INCREF(&MethodAliasBase_Type);
    if (PyModule_AddObject(module, "MethodAliasBase", (PyObject *)&MethodAliasBase_Type) < 0) {
        Py_DECREF(&MethodAliasBase_Type);
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(&ServedGetattr_Type);
    if (PyModule_AddObject(module, "ServedGetattr", (PyObject *)&ServedGetattr_Type) < 0) {
        Py_DECREF(&ServedGetattr_Type);
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(&PathHook_Type);
    if (PyModule_AddObject(module, "PathHook", (PyObject *)&PathHook_Type) < 0) {
        Py_DECREF(&PathHook_Type);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
