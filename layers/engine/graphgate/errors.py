"""The engine's typed errors: a stable `code`, a canonical `category`, the node concerned.

Categories are the canonical status vocabulary TensorFlow's errors share with google.rpc.
The service maps category to an HTTP status; `code` is what clients switch on.
"""

from __future__ import annotations

from typing import Any

# Every code the engine raises, with its category. docs/engine.md documents each one and
# a test keeps the two in step.
CODES: dict[str, str] = {
    # The graph document and graph construction.
    "INVALID_DOCUMENT": "INVALID_ARGUMENT",
    "UNSUPPORTED_FORMAT": "INVALID_ARGUMENT",
    "INVALID_NAME": "INVALID_ARGUMENT",
    "DUPLICATE_NAME": "INVALID_ARGUMENT",
    "UNKNOWN_OP": "INVALID_ARGUMENT",
    "WRONG_ARITY": "INVALID_ARGUMENT",
    "INVALID_ATTR": "INVALID_ARGUMENT",
    "UNKNOWN_INPUT": "INVALID_ARGUMENT",
    "GRAPH_CYCLE": "INVALID_ARGUMENT",
    "GRAPH_MISMATCH": "INVALID_ARGUMENT",
    "NESTED_GRAPH_RESET": "FAILED_PRECONDITION",
    "SHAPE_MISMATCH": "INVALID_ARGUMENT",
    "DTYPE_MISMATCH": "INVALID_ARGUMENT",
    "UNKNOWN_RANK": "INVALID_ARGUMENT",
    "UNSUPPORTED_DTYPE": "INVALID_ARGUMENT",
    "INVALID_TENSOR": "INVALID_ARGUMENT",
    "VALUE_NOT_REPRESENTABLE": "INVALID_ARGUMENT",
    "NO_GRADIENT": "INVALID_ARGUMENT",
    "NO_GRADIENTS_PROVIDED": "INVALID_ARGUMENT",
    "NOT_FREEZABLE": "INVALID_ARGUMENT",
    "INVALID_CONTROL_FLOW": "INVALID_ARGUMENT",
    "DEAD_FETCH": "INVALID_ARGUMENT",
    "NOT_CALLABLE": "INVALID_ARGUMENT",
    "ONNX_UNSUPPORTED": "INVALID_ARGUMENT",
    # A TensorFlow GraphDef holding ops or attributes graphgate cannot map (all listed).
    "TF_GRAPH_UNSUPPORTED": "INVALID_ARGUMENT",
    # A TensorFlow GraphDef TensorFlow's own import refuses (all its nodes listed).
    "TF_GRAPH_INVALID": "INVALID_ARGUMENT",
    "TF_EXPORT_UNSUPPORTED": "UNIMPLEMENTED",
    "PYTHON_FUNCTION": "INVALID_ARGUMENT",
    # A TF1 op that has GPU kernels only (CuDNN's): TF on a CPU fails the run with
    # InvalidArgumentError, and graphgate has no GPU.
    "NO_CPU_KERNEL": "INVALID_ARGUMENT",
    # tf.data: a dataset built wrong; iterators read before initialization or past the end;
    # a run in a stored session that would need an iterator's position kept.
    "INVALID_DATASET": "INVALID_ARGUMENT",
    "ITERATOR_NOT_INITIALIZED": "FAILED_PRECONDITION",
    "END_OF_SEQUENCE": "OUT_OF_RANGE",
    "ITERATOR_STATE_NOT_KEPT": "UNIMPLEMENTED",
    "PADDED_SHAPE_TOO_SMALL": "DATA_LOSS",
    # TF1 queues: an enqueue on a closed queue; a dequeue or enqueue that would wait forever
    # on one thread (no queue runner can fill or drain the queue). TF would hang until an
    # operation timeout; a precondition, not the service's 504.
    "QUEUE_CLOSED": "CANCELLED",
    "QUEUE_WOULD_BLOCK": "FAILED_PRECONDITION",
    # tf.lookup: a table read before its initializer ran in this session, or imported with
    # two values for one key.
    "TABLE_NOT_INITIALIZED": "FAILED_PRECONDITION",
    "TABLE_KEY_CONFLICT": "FAILED_PRECONDITION",
    # Running.
    "UNKNOWN_FETCH": "NOT_FOUND",
    "UNKNOWN_FEED": "NOT_FOUND",
    "UNKNOWN_VARIABLE": "NOT_FOUND",
    "MISSING_FEED": "INVALID_ARGUMENT",
    "FEED_NOT_ALLOWED": "INVALID_ARGUMENT",
    "FETCH_NOT_ALLOWED": "INVALID_ARGUMENT",
    "FEED_SHAPE_MISMATCH": "INVALID_ARGUMENT",
    "FEED_DTYPE_MISMATCH": "INVALID_ARGUMENT",
    "INVALID_FETCH": "INVALID_ARGUMENT",
    "INDEX_OUT_OF_RANGE": "INVALID_ARGUMENT",
    # crop_and_resize's box_ind past the batch: TF's kernel says OutOfRangeError there.
    "BOX_INDEX_OUT_OF_RANGE": "OUT_OF_RANGE",
    "COMPUTE_ERROR": "INVALID_ARGUMENT",
    "ASSERTION_FAILED": "INVALID_ARGUMENT",
    "NOT_FINITE": "INVALID_ARGUMENT",
    "PYTHON_FUNCTION_FAILED": "UNKNOWN",
    "UNINITIALIZED_VARIABLE": "FAILED_PRECONDITION",
    "COUNT_LIMIT_REACHED": "OUT_OF_RANGE",
    # tf.data.experimental.assert_cardinality's input had another number of elements.
    "CARDINALITY_MISMATCH": "FAILED_PRECONDITION",
    "SESSION_CLOSED": "FAILED_PRECONDITION",
    # Checkpoints.
    "CHECKPOINT_NOT_FOUND": "NOT_FOUND",
    "CHECKPOINT_DIR_NOT_FOUND": "NOT_FOUND",
    # tf.gfile: a file asked about does not exist (TF's NotFoundError).
    "FILE_NOT_FOUND": "NOT_FOUND",
    # tf.python_io: a TFRecord file's record is truncated or fails its CRC.
    "CORRUPT_RECORD": "DATA_LOSS",
    # tf.train.Example: bytes that are no Example (`FromString`, protobuf's DecodeError);
    # a batch ParseExample cannot read or that does not fit its spec (missing, wrong kind,
    # wrong count), TF's InvalidArgumentError.
    "INVALID_PROTO": "INVALID_ARGUMENT",
    "INVALID_EXAMPLE": "INVALID_ARGUMENT",
    "CHECKPOINT_KEY_NOT_FOUND": "NOT_FOUND",
    "INVALID_CHECKPOINT": "INVALID_ARGUMENT",
    # A TensorFlow checkpoint (TensorBundle) whose index or data fail their checks (TF's
    # DataLossError).
    "CHECKPOINT_DATA_LOSS": "DATA_LOSS",
    "CHECKPOINT_DATA_MISSING": "NOT_FOUND",
    "CHECKPOINT_DATA_TRUNCATED": "OUT_OF_RANGE",
    "INVALID_SAVER": "INVALID_ARGUMENT",
    # Limits.
    "GRAPH_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "TENSOR_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "RUN_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "CONSTANTS_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "FILES_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "FEED_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "TOO_MANY_ITERATIONS": "RESOURCE_EXHAUSTED",
    "OUT_OF_MEMORY": "RESOURCE_EXHAUSTED",
    "DEADLINE_EXCEEDED": "DEADLINE_EXCEEDED",
    "INTERNAL_ERROR": "INTERNAL",
    # TF1 features graphgate does not have.
    "UNIMPLEMENTED": "UNIMPLEMENTED",
    # Variables by name (`get_variable`, `variable_scope`).
    "VARIABLE_EXISTS": "INVALID_ARGUMENT",
    # Saved models (`tf.saved_model`) and monitored training sessions (h-savedmodel).
    "SAVED_MODEL_EXISTS": "ALREADY_EXISTS",
    "SAVED_MODEL_NOT_FOUND": "NOT_FOUND",
    "SAVED_MODEL_TAGS_NOT_FOUND": "NOT_FOUND",
    "SAVED_MODEL_BUILDER_STATE": "FAILED_PRECONDITION",
    # A saved model's asset files (vocabularies) and the tables that read them (h-assets).
    "INVALID_ASSET": "INVALID_ARGUMENT",
    "INVALID_ARCHIVE": "INVALID_ARGUMENT",
    "ASSETS_TOO_LARGE": "RESOURCE_EXHAUSTED",
    "INVALID_VOCABULARY_FILE": "INVALID_ARGUMENT",
    "VOCABULARY_FILE_ENDS": "OUT_OF_RANGE",
    "INVALID_SIGNATURE": "INVALID_ARGUMENT",
    "UNKNOWN_SIGNATURE": "NOT_FOUND",
    "GLOBAL_STEP_MISSING": "FAILED_PRECONDITION",
    "INVALID_HOOK": "INVALID_ARGUMENT",
    "NAN_LOSS": "INVALID_ARGUMENT",
    "MODEL_NOT_READY": "FAILED_PRECONDITION",
    "AMBIGUOUS_COLLECTION": "INVALID_ARGUMENT",
    # tf.estimator and tf.feature_column (h-estimator).
    "INVALID_ESTIMATOR": "INVALID_ARGUMENT",
    "INVALID_ESTIMATOR_TYPE": "INVALID_ARGUMENT",
    "INVALID_FEATURE_COLUMN": "INVALID_ARGUMENT",
    # Keras model files and configs (`load_model`, `model_from_json`, `load_weights`).
    "UNKNOWN_KERAS_OBJECT": "INVALID_ARGUMENT",
    "INVALID_KERAS_FILE": "INVALID_ARGUMENT",
    "MODEL_FILE_NOT_FOUND": "NOT_FOUND",
    # An optional package a feature needs is not installed (h5py for HDF5 files).
    "MISSING_DEPENDENCY": "FAILED_PRECONDITION",
}


class GraphgateError(Exception):
    """Base of every error the engine raises on purpose.

    Parameters
    ----------
    code:
        A stable reason such as ``MISSING_FEED``; see :data:`CODES`.
    category:
        The canonical category (``INVALID_ARGUMENT``, ``NOT_FOUND``, ...).
    message:
        A sentence for humans; it never contains a traceback.
    node:
        The name of the node concerned, or None.
    details:
        JSON-serializable facts for machines (shapes, dtypes, the cycle's path...).
    """

    category = "UNKNOWN"

    def __init__(
        self,
        code: str,
        category: str | None,
        message: str,
        node: str | None = None,
        details: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.code = code
        if category is not None:
            self.category = category
        self.message = message
        self.node = node
        self.details = details if details is not None else {}

    def __str__(self) -> str:
        where = f" [node {self.node}]" if self.node else ""
        return f"{self.code}: {self.message}{where}"

    def to_dict(self) -> dict[str, Any]:
        """The error as plain data: code, category, node, message, details."""
        return {
            "code": self.code,
            "category": self.category,
            "node": self.node,
            "message": self.message,
            "details": self.details,
        }


class OpError(GraphgateError):
    """TensorFlow's `tf.errors.OpError`: the base of the errors named by a category.

    Programs build them as TF's, `tf.errors.OutOfRangeError(node_def, op, message)` (and
    `OpError(node_def, op, message, error_code)`): `message` is the message, `op` and
    `node_def` are kept, `str()` is the message, the code is the category's. The engine's
    own carry a stable code and the node's name (`node`); they are built by `error()`.

    `error_code` is TensorFlow's numeric code; the engine's have `op` and `node_def` None.
    """

    error_code = 2
    op = None
    node_def = None
    _spelled_as_tf = False

    def __init__(self, node_def: Any, op: Any, message: str, error_code: Any = None, *args: Any):
        # A category's class has its code; TF passes the rest of its arguments on.
        if error_code is not None and type(self) is OpError:
            self.error_code = error_code
        super().__init__(_CANONICAL.get(self.error_code, "UNKNOWN"), None, message)
        self.node_def, self.op, self._spelled_as_tf = node_def, op, True

    @classmethod
    def _typed(
        cls, code: str, message: str, node: str | None, details: dict[str, Any] | None
    ) -> OpError:
        """The engine's error of `code` (what `error()` builds)."""
        made = cls.__new__(cls)
        GraphgateError.__init__(made, code, None, message, node, details)
        return made

    def __str__(self) -> str:
        return self.message if self._spelled_as_tf else super().__str__()


def _category(name: str, number: int, doc: str) -> type[OpError]:
    cls = type(name, (OpError,), {"__doc__": doc, "error_code": number, "__module__": __name__})
    cls.category = _CANONICAL[number]
    return cls


# google.rpc's canonical codes, which TensorFlow's `tf.errors` shares.
_CANONICAL = {
    1: "CANCELLED",
    2: "UNKNOWN",
    3: "INVALID_ARGUMENT",
    4: "DEADLINE_EXCEEDED",
    5: "NOT_FOUND",
    6: "ALREADY_EXISTS",
    7: "PERMISSION_DENIED",
    8: "RESOURCE_EXHAUSTED",
    9: "FAILED_PRECONDITION",
    10: "ABORTED",
    11: "OUT_OF_RANGE",
    12: "UNIMPLEMENTED",
    13: "INTERNAL",
    14: "UNAVAILABLE",
    15: "DATA_LOSS",
    16: "UNAUTHENTICATED",
}
OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND = 0, 1, 2, 3, 4, 5
ALREADY_EXISTS, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION = 6, 7, 8, 9
ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS = 10, 11, 12, 13, 14, 15
UNAUTHENTICATED = 16

CancelledError = _category("CancelledError", 1, "The operation was cancelled.")
UnknownError = _category("UnknownError", 2, "An error of no other category.")
InvalidArgumentError = _category(
    "InvalidArgumentError", 3, "The graph, a feed or an argument is invalid."
)
DeadlineExceededError = _category("DeadlineExceededError", 4, "A run used up its budget.")
NotFoundError = _category("NotFoundError", 5, "A named node or variable does not exist.")
AlreadyExistsError = _category("AlreadyExistsError", 6, "The entity already exists.")
PermissionDeniedError = _category("PermissionDeniedError", 7, "Not allowed.")
ResourceExhaustedError = _category(
    "ResourceExhaustedError", 8, "A configured limit was exceeded; never retryable as is."
)
FailedPreconditionError = _category(
    "FailedPreconditionError",
    9,
    "The session is not in a state to do this (closed, variable uninitialized).",
)
AbortedError = _category("AbortedError", 10, "The operation was aborted.")
OutOfRangeError = _category("OutOfRangeError", 11, "Iterated past the end of the input.")
UnimplementedError = _category("UnimplementedError", 12, "graphgate does not implement this.")
InternalError = _category(
    "InternalError", 13, "A bug in graphgate; the message never carries a traceback."
)
UnavailableError = _category("UnavailableError", 14, "The service is unavailable.")
DataLossError = _category("DataLossError", 15, "Unrecoverable data loss.")
UnauthenticatedError = _category("UnauthenticatedError", 16, "No valid credentials.")

_BY_CATEGORY = {
    cls.category: cls
    for cls in (
        CancelledError,
        UnknownError,
        InvalidArgumentError,
        DeadlineExceededError,
        NotFoundError,
        AlreadyExistsError,
        PermissionDeniedError,
        ResourceExhaustedError,
        FailedPreconditionError,
        AbortedError,
        OutOfRangeError,
        UnimplementedError,
        InternalError,
        UnavailableError,
        DataLossError,
        UnauthenticatedError,
    )
}


class DecodeError(Exception):
    """protobuf's `google.protobuf.message.DecodeError`: bytes that are no such message."""


class OperatorNotAllowedInGraphError(TypeError):
    """A symbolic tensor used as a Python bool or iterated, as TF's
    `tf.errors.OperatorNotAllowedInGraphError` (a TypeError, as TF1's was)."""


# The Python exception TensorFlow 1.x raises where graphgate raises each code (build-time
# shape and dtype errors are ValueError and TypeError there, a missing name is KeyError).
# The raised class subclasses both the category's class above and these, so `except
# ValueError` (TF1 code) and `except gg.GraphgateError` / `.code` (graphgate code) both
# work. A code not listed here raises its category's class alone, as TF's run-time errors.
PYTHON_CLASSES: dict[str, tuple[type[Exception], ...]] = {
    "INVALID_DOCUMENT": (ValueError,),
    "UNSUPPORTED_FORMAT": (ValueError,),
    "INVALID_NAME": (ValueError,),
    "DUPLICATE_NAME": (ValueError,),
    "UNKNOWN_OP": (ValueError,),
    "WRONG_ARITY": (TypeError,),
    "INVALID_ATTR": (ValueError,),
    "UNKNOWN_INPUT": (ValueError,),
    "GRAPH_CYCLE": (ValueError,),
    # Mixing graphs is ValueError in TF1, adding to a finalized graph RuntimeError.
    "GRAPH_MISMATCH": (ValueError, RuntimeError),
    # TF1 asserts: reset_default_graph inside `with graph.as_default()` is AssertionError.
    "NESTED_GRAPH_RESET": (AssertionError,),
    "SHAPE_MISMATCH": (ValueError,),
    "DTYPE_MISMATCH": (TypeError,),
    "UNKNOWN_RANK": (ValueError,),
    "UNSUPPORTED_DTYPE": (TypeError,),
    "INVALID_TENSOR": (ValueError,),
    "VALUE_NOT_REPRESENTABLE": (TypeError,),
    "NO_GRADIENT": (LookupError,),
    # An optimizer given no gradient at all: TF1's ValueError("No gradients provided ...").
    "NO_GRADIENTS_PROVIDED": (ValueError,),
    # Branches or a loop body of the wrong structure are ValueError (or TypeError) in TF1.
    "INVALID_CONTROL_FLOW": (ValueError,),
    # cond's, case's or while_loop's function is not callable: TF1's TypeError.
    "NOT_CALLABLE": (TypeError,),
    "INVALID_DATASET": (ValueError,),
    "ITERATOR_STATE_NOT_KEPT": (NotImplementedError,),
    # `graph.get_tensor_by_name` raises KeyError in TF, `session.run("nope:0")` ValueError.
    "UNKNOWN_FETCH": (KeyError, ValueError),
    "UNKNOWN_FEED": (TypeError,),
    "UNKNOWN_VARIABLE": (ValueError,),
    "VARIABLE_EXISTS": (ValueError,),
    "FEED_NOT_ALLOWED": (ValueError,),
    "FETCH_NOT_ALLOWED": (ValueError,),
    "FEED_SHAPE_MISMATCH": (ValueError,),
    # A string fed as a number is ValueError in TF, a bool constant as a number TypeError.
    "FEED_DTYPE_MISMATCH": (ValueError, TypeError),
    "INVALID_FETCH": (TypeError,),
    # A closed session is RuntimeError in TF1; `eval()` with no default session ValueError.
    "SESSION_CLOSED": (RuntimeError, ValueError),
    "UNIMPLEMENTED": (NotImplementedError,),
    # Saver: a save path that is not a checkpoint; nothing to save, or two under one key.
    "CHECKPOINT_NOT_FOUND": (ValueError,),
    "CHECKPOINT_DIR_NOT_FOUND": (ValueError,),
    "INVALID_SAVER": (ValueError,),
    # tf.saved_model: TF asserts on the export directory and the builder's call order,
    # raises IOError for a missing SavedModel and RuntimeError for tags it lacks.
    "SAVED_MODEL_EXISTS": (AssertionError,),
    "SAVED_MODEL_BUILDER_STATE": (AssertionError,),
    "SAVED_MODEL_NOT_FOUND": (OSError,),
    "SAVED_MODEL_TAGS_NOT_FOUND": (RuntimeError,),
    "INVALID_SIGNATURE": (ValueError,),
    "UNKNOWN_SIGNATURE": (KeyError,),
    # TF's builder raises ValueError for an asset tensor that names no file.
    "INVALID_ASSET": (ValueError,),
    "INVALID_ARCHIVE": (ValueError,),
    # tf.train's hooks: a missing global step is RuntimeError, bad hook arguments
    # ValueError, a NaN loss NanLossDuringTrainingError (a RuntimeError).
    "GLOBAL_STEP_MISSING": (RuntimeError,),
    "INVALID_HOOK": (ValueError,),
    "NAN_LOSS": (RuntimeError,),
    "MODEL_NOT_READY": (RuntimeError,),
    "AMBIGUOUS_COLLECTION": (RuntimeError,),
    # tf.estimator checks arguments with ValueError, their kinds with TypeError.
    "INVALID_ESTIMATOR": (ValueError,),
    "INVALID_ESTIMATOR_TYPE": (TypeError,),
    "INVALID_FEATURE_COLUMN": (ValueError,),
    "INVALID_PROTO": (DecodeError,),
    # TF's importer refuses a GraphDef it cannot read with ValueError.
    "TF_GRAPH_UNSUPPORTED": (ValueError,),
    "TF_GRAPH_INVALID": (ValueError,),
    "TF_EXPORT_UNSUPPORTED": (ValueError,),
    # Keras: unknown names and files that do not fit the model are ValueError, a missing
    # file IOError, a missing optional package ImportError.
    "UNKNOWN_KERAS_OBJECT": (ValueError,),
    "INVALID_KERAS_FILE": (ValueError,),
    "MODEL_FILE_NOT_FOUND": (OSError,),
    "MISSING_DEPENDENCY": (ImportError,),
}


def _class_for(code: str, also: tuple[type[Exception], ...] = ()) -> type[OpError]:
    base = _BY_CATEGORY[CODES[code]]
    extra = (*PYTHON_CLASSES.get(code, ()), *also)
    if not extra:
        return base
    name = base.__name__.removesuffix("Error") + "".join(c.__name__ for c in extra)
    return type(name, (base, *extra), {"__module__": __name__})


_CLASSES: dict[Any, type[OpError]] = {}


def error(
    code: str,
    message: str,
    node: str | None = None,
    details: dict[str, Any] | None = None,
    also: tuple[type[Exception], ...] = (),
) -> GraphgateError:
    """Build the typed error for `code`: its category's class, and TF1's Python class; `also`
    adds the class TF raises at one call site where it differs from the code's usual one
    (a dtype mismatch between cond's branches is ValueError in TF, not TypeError)."""
    key = (code, also) if also else code
    cls = _CLASSES.get(key)
    if cls is None:
        cls = _CLASSES[key] = _class_for(code, also)
    return cls._typed(code, message, node, details)


_BY_NUMBER = {cls.error_code: cls for cls in _BY_CATEGORY.values()}


def exception_type_from_error_code(error_code: int) -> type[OpError]:
    """TF's `tf.errors.exception_type_from_error_code`: the class of a canonical code
    (KeyError for one that is not, as TF's)."""
    return _BY_NUMBER[error_code]


def error_code_from_exception_type(cls: type) -> int:
    """The canonical code of an error class (graphgate's combined classes included);
    UNKNOWN for a class of no category (TF returns an UnknownError there)."""
    return getattr(cls, "error_code", UNKNOWN)
