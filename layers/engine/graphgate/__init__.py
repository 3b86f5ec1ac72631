"""graphgate: TensorFlow 1.x-style computational graphs on numpy.

import graphgate as gg
a = gg.constant(15.0); b = gg.constant(5.0)
res = gg.divide(gg.multiply(a, b), gg.add(a, b))
with gg.Session() as sess:
    sess.run(res)  # 3.75
"""

from . import (
    dtypes,
    errors,
    summary,
)
from .devices import DeviceSpec
from .dtypes import DType, as_dtype, bool_, float16, float32, float64, int32, int64, string
from .errors import (
    DeadlineExceededError,
    FailedPreconditionError,
    GraphgateError,
    InternalError,
    InvalidArgumentError,
    NotFoundError,
    OpError,
    OutOfRangeError,
    ResourceExhaustedError,
    UnimplementedError,
)
from .graph import (
    Dimension,
    Graph,
    Operation,
    Tensor,
    TensorShape,
    add_to_collection,
    add_to_collections,
    control_dependencies,
    convert_to_tensor,
    device,
    dimension_value,
    get_collection,
    get_collection_ref,
    get_default_graph,
    name_scope,
    reset_default_graph,
    set_random_seed,
)
from .interactive import (
    ConfigProto,
    GPUOptions,
    GraphOptions,
    InteractiveSession,
    OptimizerOptions,
)
from .limits import Limits
from .ops.array_ops import (
    concat,
    constant,
    expand_dims,
    fill,
    gather,
    identity,
    one_hot,
    ones,
    ones_like,
    pad,
    placeholder,
    placeholder_with_default,
    reshape,
    shape,
    size,
    slice,
    split,
    squeeze,
    stack,
    stop_gradient,
    tile,
    transpose,
    zeros,
    zeros_like,
)
from .ops.array_ops import (
    where_v1 as where,
)
from .ops.control_flow_ops import case, cond, foldl, foldr, map_fn, scan, while_loop
from .ops.math_ops import (
    abs,
    add,
    add_n,
    cast,
    clip_by_value,
    cumprod,
    cumsum,
    div_no_nan,
    divide,
    equal,
    exp,
    floor,
    floor_div,
    floordiv,
    floormod,
    greater,
    greater_equal,
    less,
    less_equal,
    log,
    log1p,
    logical_and,
    logical_not,
    logical_or,
    matmul,
    maximum,
    minimum,
    mod,
    mul,
    multiply,
    neg,
    negative,
    not_equal,
    pow,
    reciprocal,
    rsqrt,
    sigmoid,
    sign,
    sqrt,
    square,
    sub,
    subtract,
    tanh,
    to_double,
    to_float,
    to_int32,
    to_int64,
    truediv,
)
from .ops.nn_ops import (
    leaky_relu,
    log_softmax,
    relu,
    sigmoid_cross_entropy_with_logits,
    softmax,
    softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
    sparse_softmax_cross_entropy_with_logits,
)
from .ops.random_ops import dropout, random_normal, random_uniform, truncated_normal
from .ops.reduce_ops import (
    argmax,
    argmin,
    logsumexp,
    reduce_all,
    reduce_any,
    reduce_logsumexp,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
)
from .ops.state_ops import (
    Variable,
    all_variables,
    assign,
    assign_add,
    assign_sub,
    global_variables,
    global_variables_initializer,
    group,
    initialize_all_variables,
    initialize_local_variables,
    initialize_variables,
    is_variable_initialized,
    local_variables,
    local_variables_initializer,
    no_op,
    report_uninitialized_variables,
    trainable_variables,
    variables_initializer,
)
from .run_metadata import RunMetadata, RunOptions
from .session import Session, get_default_session
from .summary import SessionLog, Summary
from .variable_scope import (
    AUTO_REUSE,
    GraphKeys,
    VariableScope,
    get_local_variable,
    get_variable,
    get_variable_scope,
    variable_scope,
)

bool = bool_  # TensorFlow's name; `gg.bool` is the dtype, builtins.bool is untouched.
double = float64
half = float16

__all__ = [
    "AUTO_REUSE",
    "ConfigProto",
    "DType",
    "DeadlineExceededError",
    "DeviceSpec",
    "Dimension",
    "FailedPreconditionError",
    "GPUOptions",
    "Graph",
    "GraphKeys",
    "GraphOptions",
    "GraphgateError",
    "InteractiveSession",
    "InternalError",
    "InvalidArgumentError",
    "Limits",
    "NotFoundError",
    "OpError",
    "Operation",
    "OptimizerOptions",
    "OutOfRangeError",
    "ResourceExhaustedError",
    "RunMetadata",
    "RunOptions",
    "Session",
    "SessionLog",
    "Summary",
    "Tensor",
    "TensorShape",
    "UnimplementedError",
    "Variable",
    "VariableScope",
    "abs",
    "add",
    "add_n",
    "add_to_collection",
    "add_to_collections",
    "all_variables",
    "argmax",
    "argmin",
    "as_dtype",
    "assign",
    "assign_add",
    "assign_sub",
    "bool",
    "bool_",
    "case",
    "cast",
    "clip_by_value",
    "concat",
    "cond",
    "constant",
    "control_dependencies",
    "convert_to_tensor",
    "device",
    "dimension_value",
    "divide",
    "double",
    "dropout",
    "dtypes",
    "equal",
    "errors",
    "exp",
    "expand_dims",
    "fill",
    "float16",
    "float32",
    "float64",
    "floor",
    "foldl",
    "foldr",
    "gather",
    "get_collection",
    "get_collection_ref",
    "get_default_graph",
    "get_default_session",
    "get_local_variable",
    "get_variable",
    "get_variable_scope",
    "global_variables",
    "global_variables_initializer",
    "greater",
    "greater_equal",
    "group",
    "half",
    "identity",
    "initialize_all_variables",
    "initialize_local_variables",
    "initialize_variables",
    "int32",
    "int64",
    "is_variable_initialized",
    "leaky_relu",
    "less",
    "less_equal",
    "local_variables",
    "local_variables_initializer",
    "log",
    "log1p",
    "log_softmax",
    "logical_and",
    "logical_not",
    "logical_or",
    "logsumexp",
    "map_fn",
    "matmul",
    "maximum",
    "minimum",
    "mul",
    "multiply",
    "name_scope",
    "neg",
    "negative",
    "no_op",
    "not_equal",
    "one_hot",
    "ones",
    "ones_like",
    "pad",
    "placeholder",
    "placeholder_with_default",
    "pow",
    "random_normal",
    "random_uniform",
    "reciprocal",
    "reduce_logsumexp",
    "reduce_max",
    "reduce_mean",
    "reduce_min",
    "reduce_prod",
    "reduce_sum",
    "relu",
    "report_uninitialized_variables",
    "reset_default_graph",
    "reshape",
    "scan",
    "set_random_seed",
    "shape",
    "sigmoid",
    "sigmoid_cross_entropy_with_logits",
    "sign",
    "size",
    "slice",
    "softmax",
    "softmax_cross_entropy_with_logits",
    "softmax_cross_entropy_with_logits_v2",
    "sparse_softmax_cross_entropy_with_logits",
    "split",
    "sqrt",
    "square",
    "squeeze",
    "stack",
    "stop_gradient",
    "string",
    "sub",
    "subtract",
    "summary",
    "tanh",
    "tile",
    "to_double",
    "to_float",
    "to_int32",
    "to_int64",
    "trainable_variables",
    "transpose",
    "truediv",
    "variable_scope",
    "variables_initializer",
    "where",
    "while_loop",
    "zeros",
    "zeros_like",
]

__all__ += [
    "argsort",
    "boolean_mask",
    "constant_initializer",
    "cumprod",
    "cumsum",
    "div_no_nan",
    "floor_div",
    "floordiv",
    "floormod",
    "gather_nd",
    "glorot_normal_initializer",
    "glorot_uniform_initializer",
    "layers",
    "losses",
    "mod",
    "ones_initializer",
    "random_normal_initializer",
    "random_uniform_initializer",
    "reduce_all",
    "reduce_any",
    "rsqrt",
    "scatter_nd",
    "sort",
    "truncated_normal",
    "truncated_normal_initializer",
    "unstack",
    "variance_scaling_initializer",
    "zeros_initializer",
]

_LAZY = {
    # The index ops load on first use (as gg.nn, gg.layers do), keeping the import lean.
    "argsort": ("graphgate.ops.index_ops", "argsort"),
    "boolean_mask": ("graphgate.ops.index_ops", "boolean_mask"),
    "gather_nd": ("graphgate.ops.index_ops", "gather_nd"),
    "scatter_nd": ("graphgate.ops.index_ops", "scatter_nd"),
    "sort": ("graphgate.ops.index_ops", "sort"),
    "unstack": ("graphgate.ops.index_ops", "unstack"),
    "layers": ("graphgate.layers", None),
    "losses": ("graphgate.losses", None),
    "gradients": ("graphgate.gradients_impl", "gradients"),
    "train": ("graphgate.train", None),
    "nn": ("graphgate.nn", None),
    "initializers": ("graphgate.train.initializers", None),
    "graph_to_dict": ("graphgate.serialization", "graph_to_dict"),
    "graph_util": ("graphgate.graph_util", None),
    "register_tensor_conversion_function": (
        "graphgate.tensor_conversion",
        "register_tensor_conversion_function",
    ),
    "graph_from_dict": ("graphgate.serialization", "graph_from_dict"),
    "encode_tensor": ("graphgate.serialization", "encode_tensor"),
    "decode_tensor": ("graphgate.serialization", "decode_tensor"),
    "clip_by_global_norm": ("graphgate.train.clip", "clip_by_global_norm"),
    # ONNX needs the `onnx` extra, imported only when a model is read or written.
    "import_onnx": ("graphgate.onnx", "import_onnx"),
    "export_onnx": ("graphgate.onnx", "export_onnx"),
    "import_graph_def": ("graphgate.meta_graph", "import_graph_def"),
    "gfile": ("graphgate.gfile", None),
    "io": ("graphgate.tf_io", None),
    "GraphDef": ("graphgate.meta_graph", "GraphDef"),
    # The class `op.node_def` is: the multi-GPU examples' device functions test
    # `isinstance(op, tf.NodeDef)`; it reads a node and builds none.
    "NodeDef": ("graphgate.meta_graph", "NodeDef"),
    # The HTTP client needs the `client` extra; never imported by `import graphgate`.
    "RemoteSession": ("graphgate.client.remote", "RemoteSession"),
    "client": ("graphgate.client", None),
    "logging": ("graphgate.tf_logging", None),
    "serving": ("graphgate.client.serving", None),
}

# -- TF1 math, linear algebra and tf.compat (h-tfmath) ------------------------------------
# Loaded on first use, as the index ops: `import graphgate` does not pay for them.
_SPECIAL_MATH = [
    "accumulate_n",
    "erfinv",
    "ndtri",
    "angle",
    "conj",
    "imag",
    "real",
    "bincount",
    "confusion_matrix",
    "div",
    "is_non_decreasing",
    "is_strictly_increasing",
    "lbeta",
    "multiply_no_nan",
    "polyval",
    "reciprocal_no_nan",
    "scalar_mul",
    "xlog1py",
    "acos",
    "acosh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "ceil",
    "cos",
    "cosh",
    "count_nonzero",
    "digamma",
    "erf",
    "erfc",
    "expm1",
    "is_finite",
    "is_inf",
    "is_nan",
    "lgamma",
    "log_sigmoid",
    "logical_xor",
    "polygamma",
    "realdiv",
    "reduce_euclidean_norm",
    "reduce_std",
    "reduce_variance",
    "rint",
    "round",
    "sin",
    "sinh",
    "squared_difference",
    "tan",
    "truncatediv",
    "truncatemod",
    "xdivy",
    "xlogy",
    "zeta",
]
_LINALG = [
    "matrix_solve_ls",
    "qr",
    "self_adjoint_eig",
    "self_adjoint_eigvals",
    "svd",
    "cholesky",
    "cholesky_solve",
    "cross",
    "diag",
    "diag_part",
    "einsum",
    "eye",
    "log_matrix_determinant",
    "logdet",
    "matrix_band_part",
    "matrix_determinant",
    "matrix_diag",
    "matrix_diag_part",
    "matrix_inverse",
    "matrix_set_diag",
    "matrix_solve",
    "matrix_transpose",
    "matrix_triangular_solve",
    "norm",
    "tensordot",
    "trace",
]
_COMPAT = [
    "disable_v2_behavior",
    "enable_v2_behavior",
    "disable_eager_execution",
    "enable_eager_execution",
    "executing_eagerly",
    "disable_v2_tensorshape",
    "disable_resource_variables",
    "enable_resource_variables",
    "disable_control_flow_v2",
    "enable_control_flow_v2",
    "disable_tensor_equality",
    "enable_tensor_equality",
    "enable_v2_tensorshape",
    "VERSION",
    "version",
]
_LAZY.update({n: ("graphgate.ops.special_math_ops", n) for n in _SPECIAL_MATH})
_LAZY.update({n: ("graphgate.ops.linalg_ops", n) for n in _LINALG})
_LAZY.update({n: ("graphgate.compat", n) for n in _COMPAT})
_LAZY.update(
    {
        "compat": ("graphgate.compat", None),
        "math": ("graphgate.tf_math", "math"),
        "linalg": ("graphgate.tf_math", "linalg"),
    }
)
__all__ += [*_SPECIAL_MATH, *_LINALG, *_COMPAT, "compat", "linalg", "math"]

# -- recurrent networks, TensorArray and tf.metrics (loaded on first use) --------------------
__all__ += ["TensorArray", "contrib", "metrics"]
_LAZY.update(
    {
        "TensorArray": ("graphgate.ops.tensor_array_ops", "TensorArray"),
        "contrib": ("graphgate.contrib", None),
        "metrics": ("graphgate.metrics", None),
    }
)
# -- h-tfarray: TF1's array, index, state, random and debugging ops (lazy, as index_ops) --
_EXTRA_ARRAY = [
    "broadcast_to",
    "clip_by_average_norm",
    "clip_by_norm",
    "ensure_shape",
    "identity_n",
    "invert_permutation",
    "lin_space",
    "linspace",
    "meshgrid",
    "range",
    "rank",
    "reverse",
    "reverse_sequence",
    "reverse_v2",
    "roll",
    "searchsorted",
    "sequence_mask",
    "setdiff1d",
    "shape_n",
    "strided_slice",
    "tuple",
    "unique",
    "unique_with_counts",
]
_SEGMENT = [
    "dynamic_partition",
    "dynamic_stitch",
    "parallel_dynamic_stitch",
    "segment_max",
    "segment_mean",
    "segment_min",
    "segment_prod",
    "segment_sum",
    "unsorted_segment_max",
    "unsorted_segment_mean",
    "unsorted_segment_min",
    "unsorted_segment_prod",
    "unsorted_segment_sqrt_n",
    "unsorted_segment_sum",
]
_SCATTER = [
    "scatter_add",
    "scatter_div",
    "scatter_max",
    "scatter_min",
    "scatter_mul",
    "scatter_nd_add",
    "scatter_nd_sub",
    "scatter_nd_update",
    "scatter_sub",
    "scatter_update",
    "tensor_scatter_add",
    "tensor_scatter_nd_add",
    "tensor_scatter_nd_max",
    "tensor_scatter_nd_min",
    "tensor_scatter_nd_sub",
    "tensor_scatter_nd_update",
    "tensor_scatter_sub",
    "tensor_scatter_update",
]
_LAZY.update({n: ("graphgate.ops.extra_array_ops", n) for n in _EXTRA_ARRAY})
_DEBUG = [
    "Assert",
    "Print",
    "assert_equal",
    "assert_greater",
    "assert_greater_equal",
    "assert_integer",
    "assert_less",
    "assert_less_equal",
    "assert_near",
    "assert_negative",
    "assert_non_negative",
    "assert_non_positive",
    "assert_none_equal",
    "assert_positive",
    "assert_rank",
    "assert_rank_at_least",
    "assert_scalar",
    "assert_type",
    "check_numerics",
    "is_numeric_tensor",
    "print",
    "timestamp",
    "verify_tensor_all_finite",
]
_LAZY.update({n: ("graphgate.ops.scatter_ops", n) for n in _SCATTER})
_LAZY.update({n: ("graphgate.indexed_slices", n) for n in ("IndexedSlices", "IndexedSlicesValue")})
_LAZY.update({n: ("graphgate.ops.debug_ops", n) for n in _DEBUG})
_LAZY["debugging"] = ("graphgate.debugging", None)
_RANDOM = ["multinomial", "random_crop", "random_gamma", "random_poisson", "random_shuffle"]
_LAZY.update({n: ("graphgate.ops.random_extra_ops", n) for n in _RANDOM})
_LAZY["random"] = ("graphgate.tf_random", None)
_SCRIPT = ["numpy_function", "py_func", "py_function"]
_LAZY.update({n: ("graphgate.ops.script_ops", n) for n in _SCRIPT})
_TEMPLATES = ["initialize_all_tables", "make_template", "model_variables", "tables_initializer"]
_LAZY.update({n: ("graphgate.templates", n) for n in _TEMPLATES})
_LAZY.update({n: ("graphgate.ops.segment_ops", n) for n in _SEGMENT})
__all__ += ["IndexedSlices", "IndexedSlicesValue"]
__all__ += _EXTRA_ARRAY + _SEGMENT + _SCATTER + _DEBUG + _RANDOM + _SCRIPT + _TEMPLATES
__all__ += ["debugging", "random"]

# -- h-savedmodel: tf.saved_model (loaded on first use) ------------------------------------
__all__ += ["raw_ops", "saved_model"]
_LAZY["saved_model"] = ("graphgate.saved_model", None)
_LAZY["raw_ops"] = ("graphgate.raw_ops", None)

# -- h-tfnn: gradient machinery, nn/train extras, tf.distributions (loaded on first use) --
_GRADIENT_MACHINERY = [
    "AggregationMethod",
    "NoGradient",
    "NotDifferentiable",
    "RegisterGradient",
    "UnconnectedGradients",
    "custom_gradient",
    "hessians",
    "no_gradient",
]
_LAZY.update({n: ("graphgate.gradients_impl", n) for n in _GRADIENT_MACHINERY})
_LAZY["global_norm"] = ("graphgate.train.clip", "global_norm")
_MISC = [
    "arg_max",
    "arg_min",
    "batch_gather",
    "broadcast_dynamic_shape",
    "broadcast_static_shape",
    "count_up_to",
    "get_static_value",
    "histogram_fixed_width",
    "histogram_fixed_width_bins",
    "init_scope",
    "is_tensor",
    "parallel_stack",
    "repeat",
    "unravel_index",
    "where_v2",
]
_LAZY.update({n: ("graphgate.ops.misc_ops", n) for n in _MISC})
_FAKE_QUANT = [
    "fake_quant_with_min_max_args",
    "fake_quant_with_min_max_args_gradient",
    "fake_quant_with_min_max_vars",
    "fake_quant_with_min_max_vars_gradient",
    "fake_quant_with_min_max_vars_per_channel",
    "fake_quant_with_min_max_vars_per_channel_gradient",
]
_LAZY.update({n: ("graphgate.ops.quantization_ops", n) for n in _FAKE_QUANT})
_LAZY["quantization"] = ("graphgate.ops.quantization_ops", None)
_LAZY["distributions"] = ("graphgate.distributions", None)
# TF1's distributed training on one CPU: the default strategy, the rest refused (h-surface).
_LAZY.update({n: ("graphgate.tf_distribute", n) for n in ("distribute", "tpu")})
__all__ += ["distribute", "tpu"]
_LAZY.update({n: ("graphgate.ops.special_extra_ops", n) for n in ("betainc", "igamma", "igammac")})
_LAZY["matrix_square_root"] = ("graphgate.ops.linalg_sqrtm_ops", "matrix_square_root")
newaxis = None  # TF's alias of Python's None in indexing
__all__ += [*_GRADIENT_MACHINERY, *_MISC, *_FAKE_QUANT, "distributions", "global_norm", "newaxis"]
__all__ += ["quantization"]
__all__ += ["betainc", "igamma", "igammac", "matrix_square_root"]

# -- h-tfdata: tf.data (datasets and iterators), loaded on first use -------------------------
_LAZY["data"] = ("graphgate.data", None)
_LAZY["TensorSpec"] = ("graphgate.data", "TensorSpec")  # TF's tf.TensorSpec (h-surface)
__all__ += ["TensorSpec", "data"]
# TF1's file readers, their files read when the graph is built (h-readers).
_READERS = [
    "FixedLengthRecordReader",
    "ReaderBase",
    "TFRecordReader",
    "TextLineReader",
    "WholeFileReader",
    "matching_files",
    "read_file",
    "write_file",
]
_LAZY.update({n: ("graphgate.readers", n) for n in _READERS})
__all__ += _READERS

# -- h-sparse: tf.SparseTensor and tf.sparse (lazy, as the index ops) ------------------------
_SPARSE = [
    "edit_distance",
    "sparse_add",
    "sparse_concat",
    "sparse_fill_empty_rows",
    "sparse_mask",
    "sparse_maximum",
    "sparse_merge",
    "sparse_minimum",
    "sparse_reduce_max",
    "sparse_reduce_max_sparse",
    "sparse_reduce_sum",
    "sparse_reduce_sum_sparse",
    "sparse_reorder",
    "sparse_reset_shape",
    "sparse_reshape",
    "sparse_retain",
    "sparse_segment_mean",
    "sparse_segment_sqrt_n",
    "sparse_segment_sum",
    "sparse_slice",
    "sparse_softmax",
    "sparse_split",
    "sparse_tensor_dense_matmul",
    "sparse_tensor_to_dense",
    "sparse_to_dense",
    "sparse_to_indicator",
    "sparse_transpose",
    "serialize_sparse",
    "serialize_many_sparse",
    "deserialize_many_sparse",
]
_LAZY.update({n: ("graphgate.ops.sparse_ops", n) for n in _SPARSE})
# tf.train.Example parsing (h-example).
_PARSING = [
    "FixedLenFeature",
    "FixedLenSequenceFeature",
    "SparseFeature",
    "VarLenFeature",
    "parse_example",
    "parse_single_example",
    "parse_single_sequence_example",
    "parse_tensor",
    "serialize_tensor",
]
_LAZY.update({n: ("graphgate.ops.parsing_ops", n) for n in _PARSING})
_LAZY.update(
    {
        "SparseTensor": ("graphgate.sparse_tensor", "SparseTensor"),
        "SparseTensorValue": ("graphgate.sparse_tensor", "SparseTensorValue"),
        "sparse_placeholder": ("graphgate.sparse_tensor", "sparse_placeholder"),
        "sparse": ("graphgate.tf_sparse", None),
    }
)
__all__ += [*_SPARSE, "SparseTensor", "SparseTensorValue", "sparse", "sparse_placeholder"]

# -- h-ragged: tf.RaggedTensor and tf.ragged (composites of dense tensors, lazy) -------------
_LAZY.update(
    {
        "RaggedTensor": ("graphgate.ragged_tensor", "RaggedTensor"),
        "ragged": ("graphgate.tf_ragged", None),
    }
)
__all__ += ["RaggedTensor", "ragged"]

# -- h-tfimage: small integer dtypes, tf.image, space/depth ops (image ops load lazily) ------
# With TF's dtypes numpy cannot hold: comparable, refused as a tensor's dtype (h-surface).
from .dtypes import (  # noqa: E402
    QUANTIZED_DTYPES,
    bfloat16,
    int8,
    int16,
    qint8,
    qint16,
    qint32,
    quint8,
    quint16,
    uint8,
    uint16,
    uint32,
    uint64,
)

__all__ += ["QUANTIZED_DTYPES", "bfloat16", "qint8", "qint16", "qint32", "quint8", "quint16"]
_LAZY["to_bfloat16"] = ("graphgate.ops.math_ops", "to_bfloat16")
_LAZY["guarantee_const"] = ("graphgate.ops.array_ops", "guarantee_const")
_LAZY["function"] = ("graphgate.def_function", "function")
_LAZY["GradientTape"] = ("graphgate.gradient_tape", "GradientTape")
__all__ += ["GradientTape", "function", "guarantee_const", "to_bfloat16"]

_IMAGE = [
    "batch_to_space",
    "batch_to_space_nd",
    "depth_to_space",
    "extract_image_patches",
    "space_to_batch",
    "space_to_batch_nd",
    "space_to_depth",
]
_LAZY.update({n: ("graphgate.ops.image_ops", n) for n in _IMAGE})
_LAZY["extract_volume_patches"] = ("graphgate.ops.conv3d_ops", "extract_volume_patches")
__all__ += ["extract_volume_patches"]
_LAZY["image"] = ("graphgate.image", None)
_LAZY["saturate_cast"] = ("graphgate.ops.math_ops", "saturate_cast")
_LAZY["bitcast"] = ("graphgate.ops.math_ops", "bitcast")
__all__ += [
    *_IMAGE,
    "image",
    "saturate_cast",
    "bitcast",
    "int8",
    "int16",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
]

# -- h-complex: complex64/complex128 (the arithmetic ops take them once complex_ops loads:
# eager, it only registers ops); the FFTs stay in the lazily loaded tf.signal.
from .dtypes import complex64, complex128  # noqa: E402
from .ops.complex_ops import complex, to_complex64, to_complex128  # noqa: E402

__all__ += ["complex", "complex64", "complex128", "to_complex64", "to_complex128"]

# -- h-estimator: tf.estimator and tf.feature_column (loaded on first use) -------------------
_LAZY["estimator"] = ("graphgate.estimator", None)
_LAZY["feature_column"] = ("graphgate.feature_column", None)
__all__ += ["estimator", "feature_column"]

# -- h-queues: TF1's queues (`tf.FIFOQueue`, `tf.queue.*`), loaded on first use ----------------
_QUEUES = ["FIFOQueue", "PaddingFIFOQueue", "PriorityQueue", "QueueBase", "RandomShuffleQueue"]
_LAZY.update({n: ("graphgate.queues", n) for n in _QUEUES})
_LAZY["queue"] = ("graphgate.queues", None)
__all__ += [*_QUEUES, "queue"]
# -- h-strings: TF1's string ops and tf.strings (loaded on first use) ------------------------
_STRINGS = [
    "as_string",
    "decode_csv",
    "decode_base64",
    "decode_raw",
    "encode_base64",
    "reduce_join",
    "regex_replace",
    "string_join",
    "string_split",
    "string_to_number",
    "substr",
]
_LAZY.update({n: ("graphgate.ops.string_ops", n) for n in _STRINGS})
_LAZY["string_to_hash_bucket"] = ("graphgate.ops.string_ops", "to_hash_bucket")
_LAZY["string_to_hash_bucket_fast"] = ("graphgate.ops.string_ops", "to_hash_bucket_fast")
_LAZY["string_to_hash_bucket_strong"] = ("graphgate.ops.string_ops", "to_hash_bucket_strong")
_LAZY.update(
    {
        "string_strip": ("graphgate.ops.string_ops", "strip"),
        "strings": ("graphgate.tf_strings", None),
        "lookup": ("graphgate.tf_lookup", None),
    }
)
__all__ += [*_STRINGS, "string_strip", "strings", "lookup"]
__all__ += ["string_to_hash_bucket", "string_to_hash_bucket_fast", "string_to_hash_bucket_strong"]

# -- tf.keras (h-keras): Keras 2 in TF1 graph mode, imported on first use --------------------
_LAZY["keras"] = ("graphgate.keras", None)
__all__ += ["keras"]


# -- h-tfapp: tf.app/tf.flags, tf.test, tf.bitwise and small namespaces (lazy) ----------------
_LAZY.update(
    {
        "app": ("graphgate.tf_app", None),
        "flags": ("graphgate.tf_flags", None),
        "test": ("graphgate.tf_test", None),
        "bitwise": ("graphgate.tf_namespaces", "bitwise"),
        "audio": ("graphgate.tf_namespaces", "audio"),
        "manip": ("graphgate.tf_namespaces", "manip"),
        "sets": ("graphgate.tf_namespaces", "sets"),
        "get_seed": ("graphgate.tf_random", "get_seed"),
        "signal": ("graphgate.tf_signal", None),
        "config": ("graphgate.tf_config", None),
        "nest": ("graphgate.tf_nest", None),
        "python_io": ("graphgate.tf_python_io", None),
        "spectral": ("graphgate.tf_namespaces", "spectral"),
        "sysconfig": ("graphgate.tf_namespaces", "sysconfig"),
        "profiler": ("graphgate.tf_namespaces", "profiler"),
        "autograph": ("graphgate.tf_namespaces", "autograph"),
        "resource_loader": ("graphgate.resource_loader", None),
        "load_op_library": ("graphgate.tf_namespaces", "load_op_library"),
        "load_library": ("graphgate.tf_namespaces", "load_library"),
        "load_file_system_library": ("graphgate.tf_namespaces", "load_file_system_library"),
    }
)
__all__ += ["load_file_system_library", "load_library", "load_op_library", "profiler"]
__all__ += ["audio", "autograph", "resource_loader"]
# TF1's top-level FFTs: refused with the reason (no complex dtypes), not AttributeError.
_FFT = ["fft", "fft2d", "fft3d", "ifft", "ifft2d", "ifft3d"]
_LAZY.update({n: ("graphgate.tf_signal", n) for n in _FFT})
__all__ += ["app", "bitwise", "flags", "get_seed", "manip", "sets", "signal", "spectral"]
__all__ += ["config", "nest", "python_io", "sysconfig", "test", *_FFT]
_TOPLEVEL = [
    "COMPILER_VERSION",
    "GIT_VERSION",
    "GRAPH_DEF_VERSION",
    "GRAPH_DEF_VERSION_MIN_CONSUMER",
    "GRAPH_DEF_VERSION_MIN_PRODUCER",
    "convert_to_tensor_or_indexed_slices",
    "convert_to_tensor_or_sparse_tensor",
    "get_logger",
    "moving_average_variables",
    "no_regularizer",
    "switch_case",
    "colocate_with",
    "container",
    "grad_pass_through",
    "op_scope",
    "recompute_grad",
    "variable_op_scope",
    "add_check_numerics_ops",
    "VariableAggregation",
    "VariableSynchronization",
]
_SWITCHES = [
    "control_flow_v2_enabled",
    "dimension_at_index",
    "executing_eagerly_outside_functions",
    "resource_variables_enabled",
]
_LAZY.update({n: ("graphgate.tf_toplevel", n) for n in _TOPLEVEL})
_CHECKS = ["assert_proper_iterable", "assert_rank_in", "assert_same_float_dtype"]
_LAZY.update({n: ("graphgate.debugging", n) for n in _CHECKS})
_LAZY.update({n: ("graphgate.compat", n) for n in _SWITCHES})
__all__ += [*_TOPLEVEL, *_SWITCHES, *_CHECKS]
_PARTITIONERS = [
    "fixed_size_partitioner",
    "min_max_variable_partitioner",
    "variable_axis_size_partitioner",
]
_LAZY.update({n: ("graphgate.partitioned", n) for n in [*_PARTITIONERS, "PartitionedVariable"]})
__all__ += _PARTITIONERS
# -- h-apigaps: TF1 top-level names real programs use (lazy) -----------------------------------
_APIGAPS = {
    "make_tensor_proto": "graphgate.tensor_util",
    "make_ndarray": "graphgate.tensor_util",
    "assert_variables_initialized": "graphgate.ops.state_ops",
    "batch_scatter_update": "graphgate.ops.scatter_ops",
    "sparse_matmul": "graphgate.ops.math_ops",
    "fingerprint": "graphgate.ops.string_ops",
    "create_partitioned_variables": "graphgate.variable_scope",
    "required_space_to_batch_paddings": "graphgate.nn_extras",
    "approx_top_k": "graphgate.raw_ops_nn",
    "Module": "graphgate.tf_module",
}
_LAZY["mixed_precision"] = ("graphgate.train.loss_scale", "mixed_precision")  # apigaps5
__all__ += ["mixed_precision"]
_LAZY.update({n: (m, n) for n, m in _APIGAPS.items()})
__all__ += list(_APIGAPS)


def __getattr__(name: str):
    """Import rarely used parts on first use, keeping `import graphgate` cheap; TF1's
    top-level `*_initializer` names are the ones of `gg.train`."""
    import importlib

    if name in _LAZY:
        module_name, attr = _LAZY[name]
        module = importlib.import_module(module_name)
        value = module if attr is None else getattr(module, attr)
        globals()[name] = value
        return value
    if name.endswith("_initializer"):
        value = getattr(importlib.import_module("graphgate.train.initializers"), name, None)
        if value is not None:
            globals()[name] = value
            return value
    raise AttributeError(f"module 'graphgate' has no attribute {name!r}")


__version__ = "0.1.0"
