"""`gg.contrib.image`: TF 1.15's `tf.contrib.image.dense_image_warp` and
`interpolate_bilinear`, which optical-flow code bases (PWC-Net's TF1 ports) warp features
with. Both are compositions of graphgate ops, as TF's are, so their gradients are the
ops': the image's through the gathers, the flow's through the interpolation weights (the
floors and the clipping at the border carry none, as in TF)."""

from __future__ import annotations

from typing import Any

import graphgate as gg

from .errors import error


def interpolate_bilinear(grid: Any, query_points: Any, name: str = "interpolate_bilinear",
                         indexing: str = "ij") -> Any:  # fmt: skip
    """Values of `grid` [batch, height, width, channels] at `query_points` [batch, n, 2]
    (row, column for `indexing="ij"`; column, row for "xy"), bilinear between the four
    pixels around each point. A point outside the image takes the nearest edge pixel pair
    and a weight clipped to [0, 1], as TF 1.15's: it extends the border, no extrapolation."""
    if indexing not in ("ij", "xy"):
        raise error("INVALID_ATTR", "indexing must be 'ij' or 'xy'")
    with gg.name_scope(name):
        grid = gg.convert_to_tensor(grid)
        query_points = gg.convert_to_tensor(query_points)
        static = grid.shape.as_list() if grid.shape.ndims is not None else None
        if static is None or len(static) != 4:
            raise error("SHAPE_MISMATCH", "grid must be 4-D: [batch, height, width, channels]")
        if any(d is not None and d < 2 for d in static[1:3]):
            raise error("SHAPE_MISMATCH", "the grid's height and width must be at least 2")
        batch, height, width, channels = gg.unstack(gg.shape(grid))
        n = gg.shape(query_points)[1]
        # Per axis (rows first): the pixel before the point, clipped so that it and the
        # next lie in the image, and the point's weight towards the next, clipped too.
        lows, weights = [], []
        coords = gg.unstack(query_points, axis=2)
        for axis, size in ((0, height), (1, width)):
            q = coords[axis if indexing == "ij" else 1 - axis]
            top = gg.cast(size - 2, q.dtype)
            low = gg.minimum(gg.maximum(gg.constant(0.0, q.dtype), gg.floor(q)), top)
            alpha = gg.cast(q - low, grid.dtype)
            # (bounds of the grid's dtype, as TF 1.15's: a float64 image was refused)
            zero, one = gg.constant(0.0, grid.dtype), gg.constant(1.0, grid.dtype)
            alpha = gg.minimum(gg.maximum(zero, alpha), one)
            lows.append(gg.cast(low, gg.int32))
            weights.append(gg.expand_dims(alpha, 2))
        flat = gg.reshape(grid, [batch * height * width, channels])
        offsets = gg.reshape(gg.range(batch) * height * width, [batch, 1])

        def at(row, col):
            picked = gg.gather(flat, offsets + row * width + col)
            return gg.reshape(picked, [batch, n, channels])

        (r0, c0), (wr, wc) = lows, weights
        r1, c1 = r0 + 1, c0 + 1
        top_row = wc * (at(r0, c1) - at(r0, c0)) + at(r0, c0)
        bottom_row = wc * (at(r1, c1) - at(r1, c0)) + at(r1, c0)
        return wr * (bottom_row - top_row) + top_row


def dense_image_warp(image: Any, flow: Any, name: str = "dense_image_warp") -> Any:
    """`image` [batch, height, width, channels] sampled at each pixel less its `flow`
    [batch, height, width, 2] (row, column displacements): output[b, i, j] =
    image[b, i - flow[b, i, j, 0], j - flow[b, i, j, 1]], bilinear, as TF 1.15's."""
    with gg.name_scope(name):
        image = gg.convert_to_tensor(image)
        flow = gg.convert_to_tensor(flow)
        batch, height, width, channels = gg.unstack(gg.shape(image))
        cols, rows = gg.meshgrid(gg.range(width), gg.range(height))
        grid = gg.expand_dims(gg.cast(gg.stack([rows, cols], axis=2), flow.dtype), 0)
        points = gg.reshape(grid - flow, [batch, height * width, 2])
        warped = interpolate_bilinear(image, points)
        return gg.reshape(warped, [batch, height, width, channels])
