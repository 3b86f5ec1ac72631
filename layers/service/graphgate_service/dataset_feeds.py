"""How an asynchronous run over a dataset feeds its steps: the order of its
minibatches, where a run stands in it, and reading them from S3.

Step k of a run (0-based) is minibatch b = k % steps_per_epoch of epoch
e = k // steps_per_epoch: the rows at positions [b * batch_size, (b + 1) * batch_size)
(the last batch of an epoch may be short, or is dropped with drop_remainder) of the
epoch's order, which is 0..rows-1 without shuffle and
`numpy.random.RandomState([seed, e]).permutation(rows)` with it. RandomState's streams
are frozen by numpy's compatibility policy, so the order is the same on any machine
and any numpy, and a client can reproduce a run. Where a run stands follows from its
completed steps alone; it is checkpointed with the variables (the run's `position`),
so a resumed run continues with exactly the minibatch it would have fed next.

Without shuffle the worker streams: each chunk of steps is one ranged GET per array.
With shuffle, rows come from anywhere in the dataset, so the worker holds the mapped
arrays (read once per invocation), bounded by the plan's run_bytes.
"""

import dataclasses
import math
import secrets
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphgate_service import datasets, plans, problems

# The streamed rows a worker holds at once (a chunk's batches): a run's chunk of steps
# between checkpoints is cut down to fit, so a large batch cannot multiply past memory.
CHUNK_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class Schedule:
    dataset_id: str
    rows: int
    batch_size: int
    epochs: int
    shuffle: bool
    seed: int
    drop_remainder: bool
    map: dict[str, str]  # array -> the placeholder it feeds
    row_bytes: int = 0  # of the mapped arrays, together
    # The step of the whole schedule the run starts at: a run that continues another
    # from its `position` (`dataset.start`) feeds what that run would have fed next.
    start_step: int = 0

    @property
    def steps_per_epoch(self) -> int:
        if self.drop_remainder:
            return self.rows // self.batch_size
        return math.ceil(self.rows / self.batch_size)

    @property
    def steps(self) -> int:
        """The run's steps: the schedule's from `start_step` on."""
        return self.epochs * self.steps_per_epoch - self.start_step

    def rows_of(self, step: int) -> tuple[int, int, int]:
        """(epoch, start, stop): the positions in the epoch's order that the run's `step`
        feeds."""
        epoch, batch = divmod(self.start_step + step, self.steps_per_epoch)
        start = batch * self.batch_size
        return epoch, start, min(start + self.batch_size, self.rows)

    def order(self, epoch: int) -> np.ndarray | None:
        """The epoch's permutation of the rows; None for their own order."""
        if not self.shuffle:
            return None
        return np.random.RandomState([self.seed, epoch]).permutation(self.rows)

    def chunk(self, steps: int) -> int:
        """At most `steps` steps whose batches fit CHUNK_BYTES, and at least one."""
        return max(1, min(steps, CHUNK_BYTES // max(1, self.row_bytes * self.batch_size)))

    def position(self, completed_steps: int) -> dict[str, int]:
        """Where a run that completed `completed_steps` stands: the epoch and rows into it
        (what `dataset.start` takes to continue from there)."""
        if completed_steps >= self.steps:
            return {"epoch": self.epochs, "offset": 0, "seed": self.seed}
        epoch, start, _ = self.rows_of(completed_steps)
        return {"epoch": epoch, "offset": start, "seed": self.seed}

    def shown(self) -> dict[str, Any]:
        """The schedule as a run shows it: the DatasetFeed asked for, with the seed used
        and the dataset's rows, and `start` as asked (not the worker's own fields)."""
        shown = {k: v for k, v in self.record().items() if k not in ("row_bytes", "start_step")}
        if self.start_step:
            epoch, offset, _ = self.rows_of(0)
            shown["start"] = {"epoch": epoch, "offset": offset}
        return shown

    def record(self) -> dict[str, Any]:
        return {
            "id": self.dataset_id,
            "rows": self.rows,
            "batch_size": self.batch_size,
            "epochs": self.epochs,
            "shuffle": self.shuffle,
            "seed": self.seed,
            "drop_remainder": self.drop_remainder,
            "map": self.map,
            "row_bytes": self.row_bytes,
            "start_step": self.start_step,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "Schedule":
        return cls(
            record["id"],
            record["rows"],
            record["batch_size"],
            record["epochs"],
            record["shuffle"],
            record["seed"],
            record["drop_remainder"],
            record["map"],
            record.get("row_bytes", 0),
            record.get("start_step", 0),  # runs recorded before `start` began at 0
        )


def schedule(tenant: str, request: dict[str, Any], plan: plans.Plan) -> Schedule:
    """The schedule a run's `dataset` asks for, refused now if the dataset cannot feed
    it: not ready, an array it does not hold, a placeholder fed twice, no full batch,
    too many steps, or (shuffled) more bytes than a worker may hold."""
    spec = request["dataset"]
    _check_request(request)
    dataset = datasets.readable(tenant, spec["id"], list(spec["map"]), "/dataset/map")
    shuffle = spec.get("shuffle", False)
    seed = spec.get("seed")
    chosen = Schedule(
        dataset["id"],
        dataset["rows"],
        spec["batch_size"],
        spec.get("epochs", 1),
        shuffle,
        # A shuffled run without a seed gets one now, kept with the run: resuming it
        # replays the same order.
        seed if seed is not None else (secrets.randbits(31) if shuffle else 0),
        spec.get("drop_remainder", False),
        dict(spec["map"]),
        sum(_row_bytes(dataset["arrays"][name]) for name in spec["map"]),
    )
    if chosen.steps == 0:
        raise problems.Unprocessable(
            f"batch_size {chosen.batch_size} with drop_remainder leaves no batch of the "
            f"dataset's {chosen.rows} rows.",
            code="DATASET_TOO_SMALL",
        )
    if "start" in spec:
        chosen = dataclasses.replace(chosen, start_step=_start_step(chosen, spec))
    plans.require_within(plan, "steps", used=0, adding=chosen.steps)
    _check_bytes(chosen, plan)
    return chosen


def _start_step(chosen: Schedule, spec: dict[str, Any]) -> int:
    """The step `spec["start"]` ({epoch, offset}, a run's `position`) is: a position this
    schedule reaches, before its end. A shuffled one needs the seed of the order it
    continues: a new one would feed other rows."""
    epoch, offset = spec["start"]["epoch"], spec["start"]["offset"]
    if chosen.shuffle and spec.get("seed") is None:
        raise _invalid(
            "A shuffled run that starts past its beginning needs the seed of the order it "
            "continues (the run's position.seed).",
            [("/dataset/seed", "required with start and shuffle")],
        )
    spe = chosen.steps_per_epoch
    if offset % chosen.batch_size or offset >= spe * chosen.batch_size:
        raise _invalid(
            f"offset {offset} is no batch's first row: a multiple of batch_size "
            f"{chosen.batch_size} below {spe * chosen.batch_size}.",
            [("/dataset/start/offset", "not a position of this schedule")],
        )
    if epoch >= chosen.epochs:
        raise _invalid(
            f"epoch {epoch} is past the run's last, {chosen.epochs - 1}: nothing is left to feed.",
            [("/dataset/start/epoch", "past the last epoch")],
        )
    return epoch * spe + offset // chosen.batch_size


def _check_request(request: dict[str, Any]) -> None:
    """A run over a dataset takes its steps from the dataset, and its other feeds once."""
    if "steps" in request:
        raise _invalid(
            "A run over a dataset takes its steps from epochs and batch_size.",
            [("/steps", "steps")],
        )
    if "feed_batches" in request:
        raise _invalid(
            "A run over a dataset cannot also have feed_batches.",
            [("/feed_batches", "feed_batches")],
        )
    placeholders = list(request["dataset"]["map"].values())
    twice = sorted(
        {p for p in placeholders if placeholders.count(p) > 1}
        | (set(placeholders) & set(request.get("feeds") or {}))
    )
    if twice:
        raise _invalid(
            f"{', '.join(twice)} would be fed twice (by the dataset and feeds, or by two arrays).",
            [("/dataset/map", name) for name in twice],
        )


def _invalid(detail: str, where: list[tuple[str, str]]) -> problems.ApiError:
    return problems.BadRequest(
        detail,
        code="VALIDATION_FAILED",
        errors=[
            {"pointer": pointer, "code": "INVALID", "message": what} for pointer, what in where
        ],
    )


def _check_bytes(chosen: Schedule, plan: plans.Plan) -> None:
    held = chosen.row_bytes * (chosen.rows if chosen.shuffle else chosen.batch_size)
    if held > plan.run_bytes:
        what = "the mapped arrays (a shuffled run holds them)" if chosen.shuffle else "a batch"
        raise problems.Unprocessable(
            f"{what.capitalize()} take {held} bytes; the {plan.name} plan allows "
            f"{plan.run_bytes} per run.",
            code="FEED_TOO_LARGE",
            extra={"cap": "run_bytes", "limit": plan.run_bytes},
        )


def _row_bytes(array: dict[str, Any]) -> int:
    return np.dtype(array["dtype"]).itemsize * math.prod(array["shape"][1:])


class Feeder:
    """The minibatches of one run, read as the run needs them (one per worker
    invocation: a shuffled run's arrays are read once per invocation)."""

    def __init__(self, tenant: str, chosen: Schedule):
        self.tenant, self.schedule = tenant, chosen
        self.dataset = datasets.get(tenant, chosen.dataset_id)
        self._held: dict[str, np.ndarray] | None = None
        self._orders: dict[int, np.ndarray | None] = {}

    @classmethod
    def of(cls, tenant: str, run: dict[str, Any]) -> "Feeder | None":
        """The feeder of a run over a dataset; None for any other run."""
        if "dataset" not in run:
            return None
        return cls(tenant, Schedule.from_record(run["dataset"]))

    def feeds(
        self, first_step: int, count: int, constant: list[dict[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        """The feeds of steps first_step .. first_step + count - 1, by placeholder, each
        with the run's other feeds (`constant`: none, or one feed dict)."""
        fixed = constant[0] if constant else {}
        return [{**fixed, **batch} for batch in self._batches(first_step, count)]

    def nbytes(self, feeds: list[dict[str, Any]]) -> int:
        """The bytes of `feeds` that came from the dataset."""
        fed = set(self.schedule.map.values())
        return sum(v.nbytes for batch in feeds for k, v in batch.items() if k in fed)

    def _batches(self, first_step: int, count: int) -> list[dict[str, np.ndarray]]:
        steps = [self.schedule.rows_of(k) for k in range(first_step, first_step + count)]
        if self.schedule.shuffle:
            return [self._shuffled(epoch, start, stop) for epoch, start, stop in steps]
        out: list[dict[str, np.ndarray]] = []
        # Consecutive steps of one epoch are consecutive rows: one read for them all.
        while steps:
            epoch = steps[0][0]
            run = [s for s in steps if s[0] == epoch]
            steps = steps[len(run) :]
            block = datasets.read_rows(
                self.tenant, self.dataset, run[0][1], run[-1][2], list(self.schedule.map)
            )
            base = run[0][1]
            out.extend(
                self._by_placeholder(block, start - base, stop - base) for _, start, stop in run
            )
        return out

    def _shuffled(self, epoch: int, start: int, stop: int) -> dict[str, np.ndarray]:
        if self._held is None:
            self._held = datasets.read_rows(
                self.tenant, self.dataset, 0, self.schedule.rows, list(self.schedule.map)
            )
        if epoch not in self._orders:
            self._orders = {epoch: self.schedule.order(epoch)}  # one epoch's order at a time
        rows = self._orders[epoch][start:stop]
        return {self.schedule.map[name]: array[rows] for name, array in self._held.items()}

    def _by_placeholder(
        self, block: dict[str, np.ndarray], start: int, stop: int
    ) -> dict[str, np.ndarray]:
        return {self.schedule.map[name]: array[start:stop] for name, array in block.items()}


def samples(
    tenant: str, chosen: Schedule, constant: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Feeds shaped as the run's batches (a full one, and the short last one if an epoch
    ends with one), from the dataset's first rows: what a run is checked with before it
    is accepted."""
    first = Feeder(tenant, Schedule(**{**chosen.__dict__, "shuffle": False}))
    batch = first.feeds(0, 1, constant)[0]
    short = chosen.rows % chosen.batch_size
    if short and not chosen.drop_remainder and chosen.rows > chosen.batch_size:
        tail = {k: v[:short] if k in chosen.map.values() else v for k, v in batch.items()}
        return [batch, tail]
    return [batch]
