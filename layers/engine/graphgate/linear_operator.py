"""`tf.linalg.LinearOperator` and the operators TF1 programs build most: a full matrix,
a lower-triangular one (the Transformer's causal mask, `LinearOperatorLowerTriangular(
ones).to_dense()`) and a diagonal, with TF's methods and its names: each operator keeps
the name scope it was made in and each method opens its own under it
(`LinearOperatorLowerTriangular/to_dense/MatrixBandPart`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from .graph import TensorShape, as_tensors
from .ops import linalg_ops
from .ops.array_ops import expand_dims, squeeze
from .ops.math_ops import abs as _abs
from .ops.math_ops import log, matmul, multiply, truediv
from .ops.reduce_ops import reduce_prod, reduce_sum


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
        with self._method(name):
            return matmul(self._dense(), x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

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

    def matmul(
        self, x: Any, adjoint: bool = False, adjoint_arg: bool = False, name: str = "matmul"
    ) -> Any:
        with self._method(name):
            x = linalg_ops.adjoint(x) if adjoint_arg else x
            return multiply(expand_dims(self._tensor, -1), x)

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
            return truediv(rhs, expand_dims(self._tensor, -1))


__all__ = [
    "LinearOperator",
    "LinearOperatorDiag",
    "LinearOperatorFullMatrix",
    "LinearOperatorLowerTriangular",
]
