"""What every documentation example program starts with (dev-only, shared by
tf1_docexamples.py and its extractor): a session, and `show`, which runs what is a tensor
in it (initializing variables created since the last run) and describes what it got
(dtypes, static and run shapes, values) as JSON holds it, the same under both modules."""

PREFIX = """
def print(*args, **kwargs):  # the examples' own printing; only `out` is compared
    pass


tf.set_random_seed(1)  # the examples draw unseeded: the graph's seed makes them repeat
_sess = tf.Session()
Dataset = tf.data.Dataset  # the Dataset methods' examples name it so
_initialized = set()


def _run(v):
    fresh = [x for x in tf.global_variables() if x.name not in _initialized]
    if fresh:
        _sess.run(tf.variables_initializer(fresh))
        _initialized.update(x.name for x in fresh)
    return _sess.run(v)


def _elements(dataset):
    following = tf.data.make_one_shot_iterator(dataset).get_next()
    elements = []
    while len(elements) < 100:  # an example may repeat for ever
        try:
            elements.append(_sess.run(following))
        except tf.errors.OutOfRangeError:
            break
    return elements


def _plain(v):
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, bytes):
        return "bytes:" + v.decode("latin-1")
    if isinstance(v, complex):
        return [v.real, v.imag]
    return v


def _static(s):
    return None if s.ndims is None else s.as_list()


def _value(v):
    if isinstance(v, tf.TensorSpec):
        return {"spec": [_static(v.shape), v.dtype.name, v.name]}
    if isinstance(v, (np.ndarray, np.generic)):
        a = np.asarray(v)
        if a.size > 256:  # a big one by its first values and, numeric, its sum
            head = _plain(a.reshape(-1)[:64].tolist())
            total = float(np.sum(a, dtype=np.complex128).real) if a.dtype != object else None
            return {"np": a.dtype.name, "shape": list(a.shape), "head": head, "sum": total}
        return {"np": a.dtype.name, "shape": list(a.shape), "value": _plain(a.tolist())}
    if hasattr(v, "dense_shape") and hasattr(v, "indices"):
        return {"sparse": [_value(v.indices), _value(v.values), _value(v.dense_shape)]}
    if isinstance(v, tf.TensorShape):
        return {"tensor_shape": _static(v)}
    if isinstance(v, tf.DType):
        return {"dtype": v.name}
    if isinstance(v, (list, tuple)):
        return [_value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _value(x) for k, x in v.items()}
    if v is None or isinstance(v, (bool, int, float, str, bytes, complex)):
        return _plain(v)
    return "<object>"


def show(v):
    if isinstance(v, tf.TensorSpec):  # TF's is a tuple too
        return _value(v)
    if isinstance(v, (tf.Tensor, tf.Variable)):
        # A TF1 variable's dtype is a reference type (float32_ref), which graphgate's
        # variables lack: the examples that print `.dtype` show that, this the rest.
        dtype = v.dtype.base_dtype.name
        return {"static": _static(v.shape), "dtype": dtype, "run": _value(_run(v))}
    if isinstance(v, (tf.SparseTensor, tf.Operation)):
        return _value(_run(v))
    if isinstance(v, (list, tuple)):
        return [show(x) for x in v]
    if isinstance(v, dict):
        return {str(k): show(x) for k, x in v.items()}
    return _value(v)

"""
