"""`gg.nest`: TensorFlow's `tf.nest` — flatten, rebuild and map nested structures.

A structure is a list, tuple, namedtuple or mapping (mappings in sorted key order, as
TensorFlow flattens them) of structures; anything else — None, strings, arrays, tensors —
is a leaf, and so are a SparseTensor and a RaggedTensor unless `expand_composites` (then
the SparseTensor's three tensors, the RaggedTensor's flat values and row splits, outer
first, as TF's type spec lists its components).
Mismatched structures raise ValueError, sequences of different types TypeError, as
TensorFlow's do. `cond`, `while_loop`, `map_fn` and the RNNs flatten their structures
here too (`expand_composites=True`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from .ragged_tensor import RaggedTensor
from .sparse_tensor import SparseTensor


def is_nested(seq: Any) -> bool:
    """Whether `seq` is a structure (a list, tuple or mapping) rather than a leaf."""
    return isinstance(seq, (list, tuple, Mapping))


is_sequence = is_nested


def _children(structure: Any) -> list:
    if isinstance(structure, SparseTensor):
        return list(structure.components())
    if isinstance(structure, RaggedTensor):
        return [structure.flat_values, *structure.nested_row_splits]
    if isinstance(structure, Mapping):
        return [structure[k] for k in _sorted_keys(structure)]
    return list(structure)


def _sorted_keys(mapping: Mapping) -> list:
    try:
        return sorted(mapping)
    except TypeError:
        raise TypeError("nest only supports dicts with sortable keys.") from None


def is_composite(value: Any) -> bool:
    """Whether `value` is a SparseTensor or a RaggedTensor: a leaf made of tensors."""
    return isinstance(value, (SparseTensor, RaggedTensor))


def _nested(structure: Any, expand: bool) -> bool:
    return is_nested(structure) or (expand and is_composite(structure))


def flatten(structure: Any, expand_composites: bool = False) -> list:
    """The leaves of `structure`, depth first (a leaf alone is `[leaf]`)."""
    if not _nested(structure, expand_composites):
        return [structure]
    out: list = []
    for child in _children(structure):
        out.extend(flatten(child, expand_composites))
    return out


def _rebuild(structure: Any, children: list) -> Any:
    if isinstance(structure, SparseTensor):
        return SparseTensor(*children)
    if isinstance(structure, RaggedTensor):
        # The parts of a value built as `structure` was: rebuilt unchecked, as TF's spec does.
        result = children[0]
        for splits in reversed(children[1:]):
            result = RaggedTensor(result, splits, internal=True)
        return result
    if isinstance(structure, Mapping):
        by_key = dict(zip(_sorted_keys(structure), children, strict=True))
        pairs = [(k, by_key[k]) for k in structure]
        if isinstance(structure, defaultdict):
            return type(structure)(structure.default_factory, pairs)
        return type(structure)(pairs)
    if isinstance(structure, tuple) and hasattr(structure, "_fields"):
        return type(structure)(*children)
    return type(structure)(children)


def _pack(structure: Any, flat: list, start: int, expand: bool) -> tuple[Any, int]:
    if not _nested(structure, expand):
        return flat[start], start + 1
    children = []
    for child in _children(structure):
        packed, start = _pack(child, flat, start, expand)
        children.append(packed)
    return _rebuild(structure, children), start


def pack_as(structure: Any, flat: Any) -> Any:
    """`flat` (at least as many items as `structure` has leaves, SparseTensors expanded)
    in `structure`'s shape; the bodies of control flow use it without tf.nest's checks."""
    return _pack(structure, list(flat), 0, True)[0]


def pack_sequence_as(structure: Any, flat_sequence: Any, expand_composites: bool = False) -> Any:
    """`flat_sequence`'s items put back into the shape of `structure`."""
    if not is_nested(flat_sequence):
        raise TypeError(
            f"Attempted to pack value:\n  {flat_sequence}\ninto a structure, but found "
            f"incompatible type `{type(flat_sequence).__name__}` instead."
        )
    flat_sequence = list(flat_sequence)
    if not _nested(structure, expand_composites):
        if len(flat_sequence) != 1:
            raise ValueError(
                f"The target structure is of type `{type(structure)}`\n  {structure}\n"
                f"However the input is a sequence ({type(flat_sequence)}) of length "
                f"{len(flat_sequence)}.\n  {flat_sequence}\nnest cannot guarantee that it "
                "is safe to map one to the other."
            )
        return flat_sequence[0]
    n = len(flatten(structure, expand_composites))
    if n != len(flat_sequence):
        raise ValueError(
            f"Could not pack sequence. Structure had {n} atoms, but flat_sequence had "
            f"{len(flat_sequence)} items.  Structure: {structure}, flat_sequence: "
            f"{flat_sequence}."
        )
    return _pack(structure, flat_sequence, 0, expand_composites)[0]


def _same_type(a: Any, b: Any) -> bool:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return True  # TF treats every mapping as the same kind of sequence
    return type(a) is type(b)


def assert_same_structure(
    nest1: Any, nest2: Any, check_types: bool = True, expand_composites: bool = False
) -> None:
    """ValueError unless both have the same nesting and number of leaves; TypeError if
    `check_types` and a sequence's type differs (a composite's parts compared too where
    `expand_composites`)."""
    expand = expand_composites
    if _nested(nest1, expand) != _nested(nest2, expand):
        raise ValueError(
            "The two structures don't have the same nested structure.\n\nFirst structure: "
            f"{nest1}\n\nSecond structure: {nest2}"
        )
    if not _nested(nest1, expand):
        return
    if check_types and not _same_type(nest1, nest2):
        raise TypeError(
            "The two structures don't have the same sequence type. Input structure has type "
            f"{type(nest1)}, while shallow structure has type {type(nest2)}."
        )
    if isinstance(nest1, Mapping) and _sorted_keys(nest1) != _sorted_keys(nest2):
        raise ValueError(
            "The two dictionaries don't have the same set of keys. First structure has keys "
            f"{_sorted_keys(nest1)}, while second structure has keys {_sorted_keys(nest2)}."
        )
    a, b = _children(nest1), _children(nest2)
    if len(a) != len(b):
        raise ValueError(
            "The two structures don't have the same nested structure.\n\nFirst structure: "
            f"{nest1}\n\nSecond structure: {nest2}"
        )
    for x, y in zip(a, b, strict=True):
        assert_same_structure(x, y, check_types, expand)


def map_structure(func: Callable, *structure: Any, **kwargs: Any) -> Any:
    """`func` applied leaf by leaf to structures of the same shape, in that shape."""
    if not structure:
        raise ValueError("Must provide at least one structure")
    check_types = kwargs.pop("check_types", True)
    kwargs.pop("expand_composites", None)
    if kwargs:
        names = ", ".join(kwargs)
        raise ValueError(
            "Only valid keyword arguments are `check_types` and `expand_composites`, not: "
            f"`{names}`"
        )
    for other in structure[1:]:
        assert_same_structure(structure[0], other, check_types=check_types)
    leaves = zip(*(flatten(s) for s in structure), strict=True)
    return pack_sequence_as(structure[0], [func(*x) for x in leaves])


__all__ = ["assert_same_structure", "flatten", "is_nested", "map_structure", "pack_sequence_as"]
