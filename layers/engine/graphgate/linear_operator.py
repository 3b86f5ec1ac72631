"""`tf.linalg.LinearOperator` and the operators TF1 programs build most: a full matrix,
a lower-triangular one (the Transformer's causal mask, `LinearOperatorLowerTriangular(
ones).to_dense()`) and a diagonal, with TF's methods and its names: each operator keeps
the name scope it was made in and each method opens its own under it
(`LinearOperatorLowerTriangular/to_dense/MatrixBandPart`).

The structured ones TF keeps beside them (identity, scaled identity, zeros, Toeplitz, and
the adjoint, inverse, composition, block diagonal and Kronecker product of operators) are
their dense matrices here, the methods computed from those: TF's values to rounding,
where TF's own structured formulas (det of a Kronecker product from its factors') round
otherwise; their inner node names are not TF's."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import error
from .graph import TensorShape, as_tensors, convert_to_tensor
from .ops import linalg_ops
from .ops.array_ops import concat, expand_dims, gather, pad, reshape, squeeze, zeros
from .ops.extra_array_ops import range as _range
from .ops.extra_array_ops import reverse
from .ops.math_ops import abs as _abs
from .ops.math_ops import cast, equal, log, matmul, multiply, truediv
from .ops.reduce_ops import reduce_prod, reduce_sum
from .ops.shape_values import constant_value
from .ops.special_math_ops import conj

_FLOATING = frozenset((_dt.float16, _dt.float32, _dt.float64, _dt.complex64, _dt.complex128))


class LinearOperator:
    """A linear operator over the last two axes of a tensor; subclasses give the matrix
    (`_dense`) and may give cheaper products, determinants and solves."""

    def __init__(
        self,
        tensor: Any,
        is_non_singular: bool | None = None,
        is_self_adjoint: bool | None = None,
        is_positive_definite: bool | None = None,
        is_square: bool | None = None,
        name: str | None = None,
    ):
        graph, (t,) = as_tensors(tensor)
        self._graph, self._tensor, self._name = graph, t, name
        with graph.as_default(), graph.name_scope(name) as scope:
            self._scope = scope
        # TF's hints imply one another, and refuse to contradict (ValueError).
        if is_positive_definite:
            if is_non_singular is False:
                raise ValueError("A positive definite matrix is always non-singular.")
            is_non_singular = True
        if is_non_singular and is_square is False:
            raise ValueError("A non-singular matrix is always square.")
        if is_self_adjoint and is_square is False:
            raise ValueError("A self-adjoint matrix is always square.")
        self.is_non_singular = is_non_singular
        self.is_self_adjoint = is_self_adjoint
        self.is_positive_definite = is_positive_definite
        self.is_square = is_square

    @contextlib.contextmanager
    def _method(self, name: str) -> Iterator[None]:
        graph = self._graph
        with graph.as_default(), graph.name_scope(self._scope), graph.name_scope(name):
            yield

    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self) -> Any:
        return self._tensor.dtype

    @property
    def graph_parents(self) -> list:
        return [self._tensor]

    def _dense(self) -> Any:
        raise NotImplementedError

    @property
    def shape(self) -> TensorShape:
        return self._tensor.shape

    @property
    def batch_shape(self) -> TensorShape:
        return self.shape[:-2]

    @property
    def tensor_rank(self) -> int | None:
        return self.shape.ndims

    @property
    def domain_dimension(self) -> Any:
        return self.shape[-1]

    @property
    def range_dimension(self) -> Any:
        return self.shape[-2]

    def to_dense(self, name: str = "to_dense") -> Any:
        with self._method(name):
            return self._dense()

    def matmul(
        self, x: Any, adjoint: bool = False, adjoint_arg: bool = False, name: str = "matmul"
    ) -> Any:
        if isinstance(x, LinearOperator):
            return self._composed(x, adjoint, adjoint_arg)
        with self._method(name):
            return matmul(self._dense(), x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def _composed(self, other: LinearOperator, adjoint: bool, adjoint_arg: bool) -> Any:
        """TF's product of two operators: the operator of their composition."""
        left = self.adjoint() if adjoint else self
        right = other.adjoint() if adjoint_arg else other
        return LinearOperatorComposition([left, right])

    def adjoint(self, name: str = "adjoint") -> LinearOperator:
        """The conjugate transpose as an operator (TF's `LinearOperatorAdjoint`)."""
        return LinearOperatorAdjoint(self)

    def inverse(self, name: str = "inverse") -> LinearOperator:
        """The inverse as an operator; TF's ValueError for one hinted singular or not square."""
        if self.is_square is False:
            raise ValueError(
                "Cannot take the Inverse: This operator represents a non square matrix."
            )
        if self.is_non_singular is False:
            raise ValueError("Cannot take the Inverse: This operator represents a singular matrix.")
        return LinearOperatorInversion(self)

    def cholesky(self, name: str = "cholesky") -> LinearOperator:
        """The lower Cholesky factor as an operator, of an operator hinted self-adjoint and
        positive definite (TF's ValueError otherwise)."""
        if not (self.is_self_adjoint and self.is_positive_definite):
            raise ValueError(
                "Cholesky decomposition is only supported for an operator that is self-adjoint "
                "and positive definite."
            )
        with self._method(name):
            factor = linalg_ops.cholesky(self._dense())
        return LinearOperatorLowerTriangular(
            factor, is_non_singular=True, is_self_adjoint=False, is_square=True
        )

    def add_to_tensor(self, x: Any, name: str = "add_to_tensor") -> Any:
        """`x` plus the operator's matrix."""
        with self._method(name):
            # TF converts x by its own value and then checks it (an int list is TypeError).
            x = convert_to_tensor(x, None, "x")
            if x.dtype != self.dtype:
                raise TypeError(
                    f"Expected argument to have dtype {self.dtype.name}. Found: {x.dtype.name}"
                )
            return self._dense() + x

    def matvec(self, x: Any, adjoint: bool = False, name: str = "matvec") -> Any:
        with self._method(name):
            return squeeze(self.matmul(expand_dims(x, -1), adjoint=adjoint), -1)

    def diag_part(self, name: str = "diag_part") -> Any:
        with self._method(name):
            return linalg_ops.matrix_diag_part(self._dense())

    def trace(self, name: str = "trace") -> Any:
        with self._method(name):
            return reduce_sum(self.diag_part(), -1)

    def determinant(self, name: str = "det") -> Any:
        with self._method(name):
            return linalg_ops.matrix_determinant(self._dense())

    def log_abs_determinant(self, name: str = "log_abs_det") -> Any:
        with self._method(name):
            return linalg_ops.log_matrix_determinant(self._dense())[1]

    def solve(
        self, rhs: Any, adjoint: bool = False, adjoint_arg: bool = False, name: str = "solve"
    ) -> Any:
        dims = self.shape.as_list() if self.shape.ndims is not None else [None, None]
        if self.is_square is False or (None not in dims[-2:] and dims[-2] != dims[-1]):
            raise NotImplementedError(
                "Exact solve not implemented for an operator that is expected to not be square."
            )
        with self._method(name):
            if adjoint_arg:
                rhs = linalg_ops.adjoint(rhs)
            return linalg_ops.matrix_solve(self._dense(), rhs, adjoint=adjoint)

    def solvevec(self, rhs: Any, adjoint: bool = False, name: str = "solve") -> Any:
        with self._method(name):
            return squeeze(self.solve(expand_dims(rhs, -1), adjoint=adjoint), -1)


class LinearOperatorFullMatrix(LinearOperator):
    """`matrix` itself."""

    def __init__(self, matrix: Any, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None,
                 name: str = "LinearOperatorFullMatrix"):  # fmt: skip
        super().__init__(
            matrix, is_non_singular, is_self_adjoint, is_positive_definite, is_square, name
        )
        if self.dtype not in _FLOATING:  # TF's TypeError
            raise TypeError(
                f"Argument matrix must have dtype in {sorted(d.name for d in _FLOATING)}"
            )

    def _dense(self) -> Any:
        return self._tensor


class LinearOperatorLowerTriangular(LinearOperator):
    """The lower triangle of `tril` (its upper part ignored), square."""

    def __init__(self, tril: Any, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None,
                 name: str = "LinearOperatorLowerTriangular"):  # fmt: skip
        if is_square is False:
            raise ValueError("Only square lower triangular operators supported at this time.")
        super().__init__(tril, is_non_singular, is_self_adjoint, is_positive_definite, True, name)
        if self._tensor.shape.ndims is not None and self._tensor.shape.ndims < 2:
            raise ValueError(
                f"Argument tril must have at least 2 dimensions.  Found: {self._tensor}"
            )

    def _dense(self) -> Any:
        return linalg_ops.matrix_band_part(self._tensor, -1, 0)

    def determinant(self, name: str = "det") -> Any:
        with self._method(name):
            return reduce_prod(linalg_ops.matrix_diag_part(self._tensor), axis=[-1])

    def log_abs_determinant(self, name: str = "log_abs_det") -> Any:
        with self._method(name):
            return reduce_sum(log(_abs(linalg_ops.matrix_diag_part(self._tensor))), axis=[-1])

    def diag_part(self, name: str = "diag_part") -> Any:
        with self._method(name):
            return linalg_ops.matrix_diag_part(self._tensor)

    def solve(
        self, rhs: Any, adjoint: bool = False, adjoint_arg: bool = False, name: str = "solve"
    ) -> Any:
        with self._method(name):
            if adjoint_arg:
                rhs = linalg_ops.adjoint(rhs)
            return linalg_ops.matrix_triangular_solve(
                self._dense(), rhs, lower=True, adjoint=adjoint
            )


class LinearOperatorDiag(LinearOperator):
    """The square matrix with `diag` on its diagonal."""

    def __init__(self, diag: Any, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=True,
                 name: str = "LinearOperatorDiag"):  # fmt: skip
        if is_square is False:
            raise ValueError("Only square diagonal operators currently supported.")
        super().__init__(diag, is_non_singular, is_self_adjoint, is_positive_definite, True, name)
        if self.dtype not in _dt.COMPLEX:  # TF's: a real diagonal is self-adjoint
            if is_self_adjoint is False:
                raise ValueError("A real diagonal operator is always self adjoint.")
            self.is_self_adjoint = True

    @property
    def shape(self) -> TensorShape:
        dims = self._tensor.shape
        if dims.ndims is None:
            return TensorShape(None)
        return TensorShape([*dims.as_list(), dims.as_list()[-1]])

    def _dense(self) -> Any:
        return linalg_ops.matrix_diag(self._tensor)

    def diag_part(self, name: str = "diag_part") -> Any:
        with self._method(name):
            return self._tensor

    def _diag(self, adjoint: bool) -> Any:
        # The adjoint of a complex diagonal is its conjugate.
        return conj(self._tensor) if adjoint and self.dtype in _dt.COMPLEX else self._tensor

    def matmul(
        self, x: Any, adjoint: bool = False, adjoint_arg: bool = False, name: str = "matmul"
    ) -> Any:
        if isinstance(x, LinearOperator):
            return self._composed(x, adjoint, adjoint_arg)
        with self._method(name):
            x = linalg_ops.adjoint(x) if adjoint_arg else x
            return multiply(expand_dims(self._diag(adjoint), -1), x)

    def determinant(self, name: str = "det") -> Any:
        with self._method(name):
            return reduce_prod(self._tensor, axis=[-1])

    def log_abs_determinant(self, name: str = "log_abs_det") -> Any:
        with self._method(name):
            return reduce_sum(log(_abs(self._tensor)), axis=[-1])

    def solve(
        self, rhs: Any, adjoint: bool = False, adjoint_arg: bool = False, name: str = "solve"
    ) -> Any:
        with self._method(name):
            rhs = linalg_ops.adjoint(rhs) if adjoint_arg else rhs
            return truediv(rhs, expand_dims(self._diag(adjoint), -1))


# -- the structured operators: a dense matrix and the base class's methods of it -----------


def _dim(value: Any) -> int | None:
    return getattr(value, "value", value)


def _static_dims(op: LinearOperator, what: str) -> list[int]:
    dims = op.shape.as_list() if op.shape.ndims is not None else None
    if dims is None or None in dims:
        raise error(
            "UNIMPLEMENTED",
            f"{what} of an operator of shape {op.shape}: graphgate builds it from static shapes",
        )
    return dims


def _one_batch(operators: list, what: str) -> list[int]:
    """The batch shape the operators share (TF broadcasts differing ones; graphgate's dense
    construction takes them equal)."""
    batches = [_static_dims(o, what)[:-2] for o in operators]
    if any(b != batches[0] for b in batches):
        raise error(
            "UNIMPLEMENTED",
            f"{what} of operators of batch shapes {batches}: graphgate takes them equal",
        )
    return batches[0]


class _Structured(LinearOperator):
    """An operator given by a matrix it builds (`_dense`) and a static `_shape`."""

    def __init__(self, like: Any, shape: list, hints: tuple, name: str):
        super().__init__(like, *hints, name)
        self._shape = TensorShape(shape)

    @property
    def shape(self) -> TensorShape:
        return self._shape

    @property
    def dtype(self) -> Any:
        return self._tensor.dtype


def _rows(num_rows: Any, what: str) -> int:
    value = _dim(num_rows)
    if isinstance(value, bool) or not isinstance(value, int):
        raise error("UNIMPLEMENTED", f"{what} must be a Python int for graphgate")
    if value < 0:
        raise ValueError(f"Argument {what} must be non-negative.  Found: {value}")
    return value


def _hint_checked(is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                  is_square=None, what: str = "") -> tuple:  # fmt: skip
    if is_non_singular is False or is_self_adjoint is False or is_positive_definite is False:
        raise ValueError(f"{what} is always non-singular, self-adjoint and positive definite.")
    if is_square is False:
        raise ValueError(f"{what} is always square.")
    return True, True, True, True


class LinearOperatorIdentity(_Structured):
    """The identity matrix of `num_rows`, in a batch of `batch_shape`."""

    def __init__(self, num_rows: Any, batch_shape: Any = None, dtype: Any = None,
                 is_non_singular=True, is_self_adjoint=True, is_positive_definite=True,
                 is_square=True, assert_proper_shapes=False,
                 name: str = "LinearOperatorIdentity"):  # fmt: skip
        hints = _hint_checked(
            is_non_singular, is_self_adjoint, is_positive_definite, is_square,
            "An identity operator",
        )  # fmt: skip
        self._rows = _rows(num_rows, "num_rows")
        self._batch = [] if batch_shape is None else [int(_dim(b)) for b in batch_shape]
        like = convert_to_tensor(0, _dt.as_dtype(dtype or _dt.float32), "num_rows")
        super().__init__(like, [*self._batch, self._rows, self._rows], hints, name)

    def _dense(self) -> Any:
        return linalg_ops.eye(self._rows, batch_shape=self._batch or None, dtype=self.dtype)


class LinearOperatorScaledIdentity(_Structured):
    """`multiplier` times the identity of `num_rows`: a batch of the multiplier's shape."""

    def __init__(self, num_rows: Any, multiplier: Any, is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=True,
                 assert_proper_shapes=False,
                 name: str = "LinearOperatorScaledIdentity"):  # fmt: skip
        if is_square is False:
            raise ValueError("A ScaledIdentity operator is always square.")
        rows = _rows(num_rows, "num_rows")
        _graph, (m,) = as_tensors(multiplier)
        batch = m.shape.as_list() if m.shape.ndims is not None else None
        if batch is None:
            raise error("UNIMPLEMENTED", "a multiplier of unknown rank")
        hints = (is_non_singular, is_self_adjoint, is_positive_definite, True)
        super().__init__(m, [*batch, rows, rows], hints, name)
        self._rows = rows

    def _dense(self) -> Any:
        eye = linalg_ops.eye(self._rows, dtype=self.dtype)
        return multiply(expand_dims(expand_dims(self._tensor, -1), -1), eye)


class LinearOperatorZeros(_Structured):
    """The zero matrix of `num_rows` by `num_columns` (square by default)."""

    def __init__(self, num_rows: Any, num_columns: Any = None, batch_shape: Any = None,
                 dtype: Any = None, is_non_singular=False, is_self_adjoint=True,
                 is_positive_definite=False, is_square=True, assert_proper_shapes=False,
                 name: str = "LinearOperatorZeros"):  # fmt: skip
        if is_non_singular:
            raise ValueError("A Zeros operator is always singular.")
        if is_positive_definite:
            raise ValueError("A Zeros operator is always not positive-definite.")
        rows = _rows(num_rows, "num_rows")
        cols = rows if num_columns is None else _rows(num_columns, "num_columns")
        if is_square and rows != cols:
            raise ValueError(
                f"LinearOperatorZeros initialized as is_square=True, but got num_rows({rows})"
                f" != num_columns({cols})"
            )
        if is_self_adjoint and rows != cols:
            raise ValueError("A self-adjoint matrix is always square.")
        batch = [] if batch_shape is None else [int(_dim(b)) for b in batch_shape]
        like = convert_to_tensor(0, _dt.as_dtype(dtype or _dt.float32), "num_rows")
        hints = (False, is_self_adjoint, False, rows == cols)
        super().__init__(like, [*batch, rows, cols], hints, name)

    def _dense(self) -> Any:
        return zeros(self.shape.as_list(), dtype=self.dtype)

    def solve(self, rhs: Any, adjoint: bool = False, adjoint_arg: bool = False,
              name: str = "solve") -> Any:  # fmt: skip
        raise NotImplementedError("Zeros operator is not invertible.")


class LinearOperatorToeplitz(_Structured):
    """The square Toeplitz matrix of first column `col` and first row `row` (its first
    entry ignored: the diagonal is col's)."""

    def __init__(self, col: Any, row: Any, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None,
                 name: str = "LinearOperatorToeplitz"):  # fmt: skip
        _graph, (c, r) = as_tensors(col, row)
        dims = c.shape.as_list() if c.shape.ndims is not None else None
        if dims is None or dims[-1] is None:
            raise error("UNIMPLEMENTED", "a Toeplitz column of unknown length")
        super().__init__(c, [*dims, dims[-1]], (is_non_singular, is_self_adjoint,
                         is_positive_definite, True), name)  # fmt: skip
        self._row = r

    @property
    def graph_parents(self) -> list:
        return [self._tensor, self._row]

    def _dense(self) -> Any:
        n = self.shape.as_list()[-1]
        # [row[n-1] .. row[1], col[0] .. col[n-1]]: entry (i, j) is its (n - 1 + i - j)th.
        line = concat([reverse(self._row[..., 1:], [-1]), self._tensor], -1)
        index = [[n - 1 + i - j for j in range(n)] for i in range(n)]
        return gather(line, index, axis=-1)


class LinearOperatorAdjoint(_Structured):
    """The adjoint (conjugate transpose) of `operator`."""

    def __init__(self, operator: LinearOperator, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name: str | None = None):  # fmt: skip
        self.operator = operator
        dims = operator.shape.as_list() if operator.shape.ndims is not None else None
        if dims is None:
            raise error("UNIMPLEMENTED", "the adjoint of an operator of unknown rank")
        shape = [*dims[:-2], dims[-1], dims[-2]]
        hints = (
            _first(is_non_singular, operator.is_non_singular),
            _first(is_self_adjoint, operator.is_self_adjoint),
            _first(is_positive_definite, operator.is_positive_definite),
            _first(is_square, operator.is_square),
        )
        super().__init__(operator._tensor, shape, hints, name or f"{operator.name}_adjoint")

    def _dense(self) -> Any:
        return linalg_ops.adjoint(self.operator.to_dense())


class LinearOperatorInversion(_Structured):
    """The inverse of a square, non-singular `operator`."""

    def __init__(self, operator: LinearOperator, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name: str | None = None):  # fmt: skip
        if operator.is_non_singular is False or is_non_singular is False:
            raise ValueError(
                f"operator and supplied hints must be non-singular. Found: {operator.name}"
            )
        if operator.is_square is False or is_square is False:
            raise ValueError("An Inversion of a non-square operator is not possible.")
        self.operator = operator
        hints = (
            True,
            _first(is_self_adjoint, operator.is_self_adjoint),
            _first(is_positive_definite, operator.is_positive_definite),
            True,
        )
        super().__init__(
            operator._tensor, operator.shape.as_list(), hints, name or f"{operator.name}_inv"
        )

    def _dense(self) -> Any:
        return linalg_ops.matrix_inverse(self.operator.to_dense())


def _first(given: Any, inherited: Any) -> Any:
    return inherited if given is None else given


def _operators(operators: Any, what: str) -> list:
    operators = list(operators)
    if not operators:
        raise ValueError(f"Expected a non-empty list of operators. Found: {operators}")
    dtypes = {o.dtype for o in operators}
    if len(dtypes) > 1:
        names = sorted(d.name for d in dtypes)
        raise TypeError(f"Expected all operators to have the same dtype.  Found {names}")
    return operators


class LinearOperatorComposition(_Structured):
    """The product `operators[0] @ operators[1] @ ...`."""

    def __init__(self, operators: Any, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name: str | None = None):  # fmt: skip
        self.operators = _operators(operators, "Composition")
        batch = _one_batch(self.operators, "a composition")
        dims = [_static_dims(o, "a composition")[-2:] for o in self.operators]
        # TF does not check that the factors chain: a product that does not fails when
        # its matmul is built, as TF's.
        hints = (is_non_singular, is_self_adjoint, is_positive_definite, is_square)
        default = "_o_".join(o.name for o in self.operators)
        super().__init__(self.operators[0]._tensor, [*batch, dims[0][0], dims[-1][1]], hints,
                         name or default)  # fmt: skip

    def _dense(self) -> Any:
        product = self.operators[-1].to_dense()
        for operator in reversed(self.operators[:-1]):
            product = operator.matmul(product)
        return product


class LinearOperatorBlockDiag(_Structured):
    """The block-diagonal matrix of the square `operators`."""

    def __init__(self, operators: Any, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=True, name: str | None = None):  # fmt: skip
        self.operators = _operators(operators, "BlockDiag")
        batch = _one_batch(self.operators, "a block diagonal")
        dims = [_static_dims(o, "a block diagonal")[-2:] for o in self.operators]
        if is_square is False or any(r != c for r, c in dims):
            raise ValueError("All operators must be square.")
        n = sum(r for r, _ in dims)
        hints = (is_non_singular, is_self_adjoint, is_positive_definite, True)
        default = "_ds_".join(o.name for o in self.operators)
        super().__init__(self.operators[0]._tensor, [*batch, n, n], hints, name or default)

    def _dense(self) -> Any:
        n, left, rows = self.shape.as_list()[-1], 0, []
        batch = [[0, 0]] * (self.shape.ndims - 2)
        for operator in self.operators:
            size = operator.shape.as_list()[-1]
            rows.append(pad(operator.to_dense(), [*batch, [0, 0], [left, n - left - size]]))
            left += size
        return concat(rows, -2)


class LinearOperatorKronecker(_Structured):
    """The Kronecker product of `operators`, the first the outermost."""

    def __init__(self, operators: Any, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name: str | None = None):  # fmt: skip
        self.operators = _operators(operators, "Kronecker")
        batch = _one_batch(self.operators, "a Kronecker product")
        dims = [_static_dims(o, "a Kronecker product")[-2:] for o in self.operators]
        shape = [*batch, math.prod(r for r, _ in dims), math.prod(c for _, c in dims)]
        hints = (is_non_singular, is_self_adjoint, is_positive_definite, is_square)
        default = "_x_".join(o.name for o in self.operators)
        super().__init__(self.operators[0]._tensor, shape, hints, name or default)

    def _dense(self) -> Any:
        batch = self.shape.as_list()[:-2]
        product = self.operators[0].to_dense()
        for operator in self.operators[1:]:
            (m, n), (p, q) = product.shape.as_list()[-2:], operator.shape.as_list()[-2:]
            outer = multiply(
                expand_dims(expand_dims(product, -1), -3),
                expand_dims(expand_dims(operator.to_dense(), -2), -4),
            )
            product = reshape(outer, [*batch, m * p, n * q])
        return product

    def diag_part(self, name: str = "diag_part") -> Any:
        # TF's: the outer product of the factors' diagonals, flattened (the diagonal for
        # square factors only, as `trace`).
        with self._method(name):
            batch = self.shape.as_list()[:-2]
            diag = self.operators[0].diag_part()
            for operator in self.operators[1:]:
                outer = multiply(expand_dims(diag, -1), expand_dims(operator.diag_part(), -2))
                diag = reshape(outer, [*batch, -1])
            return diag

    def trace(self, name: str = "trace") -> Any:
        # TF's: the product of the factors' traces, which is the trace for square factors
        # only; TF answers it for rectangular ones too, and so does graphgate.
        with self._method(name):
            traces = [operator.trace() for operator in self.operators]
            product = traces[0]
            for t in traces[1:]:
                product = multiply(product, t)
            return product


def _vector_shape(t: Any, what: str) -> list[int]:
    dims = t.shape.as_list() if t.shape.ndims is not None else None
    if dims is not None and len(dims) < 1:
        raise ValueError(f"Argument `{what}` must have at least 1 dimension. Received: {t}.")
    if dims is None or None in dims:
        raise error("UNIMPLEMENTED", f"a {what} of shape {t.shape}: graphgate takes static shapes")
    return [*dims, dims[-1]]


class LinearOperatorPermutation(_Structured):
    """The permutation matrix of `perm` (row i is e_perm[i]), of `dtype`."""

    def __init__(self, perm: Any, dtype: Any = _dt.float32, is_non_singular=None,
                 is_self_adjoint=None, is_positive_definite=None, is_square=None,
                 name: str = "LinearOperatorPermutation"):  # fmt: skip
        _graph, (p,) = as_tensors(perm)
        shape = _vector_shape(p, "perm")
        if not p.dtype.is_integer:
            raise TypeError(f"Argument `perm` must be integer dtype. Received: {p}.")
        static = constant_value(p)
        if static is not None and np.any(np.sort(static, -1) != np.arange(static.shape[-1])):
            raise ValueError(
                "Argument `perm` must be a vector of unique integers from 0 to "
                f"{static.shape[-1] - 1}."
            )
        if is_non_singular is False:
            raise ValueError("A Permutation operator is always non-singular.")
        if is_square is False:
            raise ValueError("A Permutation operator is always square.")
        hints = (is_non_singular, is_self_adjoint, is_positive_definite, True)
        super().__init__(p, shape, hints, name)
        self._dtype = _dt.as_dtype(dtype)

    @property
    def perm(self) -> Any:
        return self._tensor

    @property
    def dtype(self) -> Any:
        return self._dtype

    def _dense(self) -> Any:
        n = self.shape.as_list()[-1]
        return cast(equal(_range(0, n), expand_dims(self._tensor, -1)), self._dtype)


class LinearOperatorHouseholder(_Structured):
    """The reflection I - 2 v v^H of the unit vector v along `reflection_axis`."""

    def __init__(self, reflection_axis: Any, is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None,
                 name: str = "LinearOperatorHouseholder"):  # fmt: skip
        _graph, (v,) = as_tensors(reflection_axis)
        shape = _vector_shape(v, "reflection_axis")
        if is_self_adjoint is False:
            raise ValueError("A Householder operator is always self adjoint.")
        if is_positive_definite is True:
            raise ValueError("A Householder operator is always non-positive definite.")
        if is_square is False:
            raise ValueError("A Householder operator is always square.")
        super().__init__(v, shape, (is_non_singular, True, False, True), name)

    @property
    def reflection_axis(self) -> Any:
        return self._tensor

    # TF's answers from a reflection's eigenvalues (one -1, the rest 1), not from its
    # matrix: a reflection axis of zeros, whose matrix is the identity, still has
    # determinant -1 and trace n - 2 (the matrix's were 1 and n), and float32's is exact.
    def determinant(self, name: str = "det") -> Any:
        return self._batch_constant(-1, name)

    def log_abs_determinant(self, name: str = "log_abs_det") -> Any:
        return self._batch_constant(0, name)

    def trace(self, name: str = "trace") -> Any:
        return self._batch_constant(self.shape.as_list()[-1] - 2, name)

    def _batch_constant(self, value: int, name: str) -> Any:
        with self._method(name):
            batch = self.batch_shape.as_list()
            return convert_to_tensor(np.full(batch, value, self.dtype.as_numpy_dtype))

    def _dense(self) -> Any:
        from .ops.nn_ops import l2_normalize

        axis = expand_dims(l2_normalize(self._tensor, axis=-1), -1)
        matrix = multiply(convert_to_tensor(-2, self.dtype), matmul(axis, axis, adjoint_b=True))
        one = convert_to_tensor(1, self.dtype)
        return linalg_ops.matrix_set_diag(matrix, one + linalg_ops.matrix_diag_part(matrix))


__all__ = [
    "LinearOperator",
    "LinearOperatorAdjoint",
    "LinearOperatorBlockDiag",
    "LinearOperatorComposition",
    "LinearOperatorDiag",
    "LinearOperatorFullMatrix",
    "LinearOperatorHouseholder",
    "LinearOperatorIdentity",
    "LinearOperatorInversion",
    "LinearOperatorKronecker",
    "LinearOperatorLowerTriangular",
    "LinearOperatorPermutation",
    "LinearOperatorScaledIdentity",
    "LinearOperatorToeplitz",
    "LinearOperatorZeros",
]
