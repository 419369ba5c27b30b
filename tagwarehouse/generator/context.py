"""What a table builder gets (the world, the batch's persons and purchases, a random stream) and where it puts
its rows (main part, late part, ground truth)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from tagwarehouse.raw_schema import table as raw_table

from .population import Persons, Purchases
from .world import Calendar, Catalog, Staff, Stores

GT_SCHEMA = pa.schema(
    [("identifier_type", pa.string()), ("scope", pa.string()), ("value", pa.string()), ("person_id", pa.int64())]
)


@dataclass
class World:
    cal: Calendar
    catalog: Catalog
    stores: Stores
    staff: Staff
    members: int
    seed: int


@dataclass
class Batch:
    world: World
    index: int
    persons: Persons
    purchases: Purchases
    main: dict[str, list[pa.Table]] = field(default_factory=dict)
    late: dict[str, list[pa.Table]] = field(default_factory=dict)
    truth: list[pa.Table] = field(default_factory=list)
    staff_mobile_used: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    shared: dict[str, dict[str, np.ndarray | pa.Array]] = field(default_factory=dict)
    _counters: dict[str, int] = field(default_factory=dict)

    @property
    def cal(self) -> Calendar:
        return self.world.cal

    def stream(self, name: str) -> np.random.Generator:
        """An independent random stream per builder, so changing one table's code leaves the others' data alone."""
        return stream(self.world.seed, 1, self.index, zlib.crc32(name.encode()))

    def uid(self, kind: str, n: int) -> np.ndarray:
        """``n`` integers unique across batches for this kind of entity (batch index in the high bits)."""
        start = self._counters.get(kind, 0)
        self._counters[kind] = start + n
        return (np.uint64(self.index) << np.uint64(32)) + np.arange(start, start + n, dtype=np.uint64)

    def serial(self, kind: str, n: int, per_batch: int) -> np.ndarray:
        """``n`` integers unique across batches in a compact range: ``index * per_batch`` plus a counter."""
        start = self._counters.get(kind, 0)
        if start + n > per_batch:
            raise ValueError(f"more than {per_batch} {kind} in one batch")
        self._counters[kind] = start + n
        return np.arange(start, start + n, dtype=np.uint64) + np.uint64(self.index * per_batch)

    def emit(self, source: str, name: str, columns: dict[str, pa.Array | np.ndarray], *, late: bool = False) -> None:
        """Adds rows to a raw table; ``columns`` must hold exactly the contract's columns."""
        schema = raw_table(source, name).schema
        missing = set(schema.names) ^ set(columns)
        if missing:
            raise ValueError(f"{source}.{name}: columns differ from the contract: {sorted(missing)}")
        arrays = [_as_arrow(columns[c], schema.field(c).type) for c in schema.names]
        target = self.late if late else self.main
        target.setdefault(f"{source}/{name}", []).append(pa.Table.from_arrays(arrays, schema=schema))

    def truth_rows(self, identifier_type: str, scope: str | pa.Array, value: pa.Array, person_id: np.ndarray) -> None:
        """Ground truth: ``value`` (as in the raw data, canonical) of ``identifier_type`` belongs to ``person_id``."""
        n = len(value)
        scope_arr = pa.repeat(pa.scalar(scope, pa.string()), n) if isinstance(scope, str) else scope
        kind = pa.repeat(pa.scalar(identifier_type, pa.string()), n)
        self.truth.append(
            pa.Table.from_arrays(
                [kind, scope_arr, _as_arrow(value, pa.string()), pa.array(person_id, pa.int64())],
                schema=GT_SCHEMA,
            )
        )


def stream(*key: int) -> np.random.Generator:
    """A PCG64 generator seeded from a tuple of non-negative integers (the run's seed first)."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(list(key))))


def _as_arrow(values: pa.Array | np.ndarray, dtype: pa.DataType) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values if values.type == dtype else values.cast(dtype)
    return pa.array(values, dtype)


def int_column(values: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """An int64 column with nulls where ``null``."""
    return pa.array(np.asarray(values, dtype=np.int64), pa.int64(), mask=None if null is None else np.asarray(null))
