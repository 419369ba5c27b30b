"""Runs the generator: the world once, then the members in batches, each batch's tables appended as row groups to
the current part file of every raw table; late deliveries go to one extra part file per table."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from tagwarehouse.raw_schema import GROUND_TRUTH_FOLDER, RAW_TABLES

from . import constants as cst
from . import events, identity, jd, pos, reference, text, tmall, wechat
from .context import GT_SCHEMA, Batch, World, stream
from .population import CHANNEL_NAMES, Persons, add_children, make_persons, make_purchases
from .world import CITY_NAME, CITY_PROVINCE, Calendar, make_catalog, make_staff, make_stores

LATE_TABLES = ("tmall/trades", "tmall/orders", "pos/receipts", "pos/receipt_lines", "wechat/events")
IDENTITIES = f"{GROUND_TRUTH_FOLDER}/identities"
PERSONS = f"{GROUND_TRUTH_FOLDER}/persons"


BUILDERS: tuple[Callable[[Batch], None], ...] = (tmall.build, jd.build, pos.build, wechat.build, events.build)
"""Table builders in order (events use the mini-program orders)."""


@dataclass
class Summary:
    members: int
    seed: int
    out: Path
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    files: int = 0


class _Writers:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.open: dict[tuple[str, int], pq.ParquetWriter] = {}
        self.rows: dict[str, int] = {}

    def write(self, folder: str, part: int, table: pa.Table) -> None:
        key = (folder, part)
        writer = self.open.get(key)
        if writer is None:
            path = self.out / folder / f"part-{part:04d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(
                path,
                table.schema,
                compression=cst.COMPRESSION,
                compression_level=cst.COMPRESSION_LEVEL,
            )
            self.open[key] = writer
        if table.num_rows:
            writer.write_table(table, row_group_size=cst.ROW_GROUP_ROWS)
        self.rows[folder] = self.rows.get(folder, 0) + table.num_rows

    def close_part(self, part: int) -> None:
        """Closes the raw tables' files of a finished part (the ground truth stays one open file)."""
        for key in [k for k in self.open if k[1] == part and not k[0].startswith(GROUND_TRUTH_FOLDER)]:
            self.open.pop(key).close()

    def close(self) -> None:
        for writer in self.open.values():
            writer.close()
        self.open.clear()


def clean(out: Path) -> None:
    """Removes part files a previous run left in the folders this run writes (nothing else)."""
    for folder in [t.folder for t in RAW_TABLES] + [IDENTITIES, PERSONS]:
        for old in (out / folder).glob("part-*.parquet"):
            old.unlink()


def generate(
    members: int,
    seed: int,
    out: Path,
    as_of: dt.date | None = None,
    progress: bool = False,
) -> Summary:
    """Generates the raw extracts and the ground truth for ``members`` persons into ``out``."""
    if members < 1:
        raise ValueError("members must be at least 1")
    started = time.perf_counter()
    as_of = as_of or dt.date.fromisoformat(cst.DEFAULT_AS_OF)
    cal = Calendar.from_as_of(as_of)
    world_rng = stream(seed, 0)
    catalog = make_catalog(world_rng, cal)
    stores = make_stores(world_rng, cal, members)
    staff = make_staff(world_rng, cal, stores, members)
    world = World(cal=cal, catalog=catalog, stores=stores, staff=staff, members=members, seed=seed)

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clean(out)
    writers = _Writers(out)
    n_parts = math.ceil(members / cst.PART_MEMBERS)
    writers.write("erp/products", 0, catalog.table())
    writers.write("pos/stores", 0, stores.table)
    staff_used = np.zeros(staff.n, dtype=bool)
    bar = _progress(members, progress)

    def write_batch(batch: Batch, part: int, last_of_part: bool, n: int) -> None:
        for table in RAW_TABLES:
            if table.folder in ("erp/products", "pos/stores"):
                continue
            writers.write(table.folder, part, _concat(batch.main.get(table.folder, []), table.schema))
            if table.folder in LATE_TABLES:
                writers.write(table.folder, n_parts, _concat(batch.late.get(table.folder, []), table.schema))
        writers.write(IDENTITIES, 0, _truth(batch.truth))
        writers.write(PERSONS, 0, persons_table(batch.persons, batch.purchases.person, world))
        if last_of_part:
            writers.close_part(part)
        if bar is not None:
            bar.update(n)

    # one thread writes (compresses) a batch while the main thread generates the next one
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending: Future[None] | None = None
            for index, first in enumerate(range(0, members, cst.BATCH_MEMBERS)):
                n = min(cst.BATCH_MEMBERS, members - first)
                rng = stream(seed, 2, index)
                persons = make_persons(rng, cal, stores, first + 1, n)
                purchases = make_purchases(rng, cal, persons)
                add_children(stream(seed, 3, index), cal, persons)
                batch = Batch(world=world, index=index, persons=persons, purchases=purchases)
                batch.staff_mobile_used = staff_used
                for build in BUILDERS:
                    build(batch)
                if pending is not None:
                    pending.result()
                part = first // cst.PART_MEMBERS
                last_of_part = (first + n) % cst.PART_MEMBERS == 0 and first + n < members
                pending = pool.submit(write_batch, batch, part, last_of_part, n)
            if pending is not None:
                pending.result()
        writers.write(IDENTITIES, 0, staff_truth(world, staff_used))
        writers.write(PERSONS, 0, staff_table(world))
    finally:
        writers.close()
        if bar is not None:
            bar.close()
    summary = Summary(members=members, seed=seed, out=out, rows=dict(sorted(writers.rows.items())))
    files = list(out.rglob("part-*.parquet"))
    summary.files = len(files)
    summary.bytes = sum(f.stat().st_size for f in files)
    summary.seconds = time.perf_counter() - started
    return summary


def _progress(members: int, enabled: bool) -> tqdm | None:
    if not enabled:
        return None
    return tqdm(total=members, unit="member", unit_scale=True, desc="generating")


def _concat(pieces: list[pa.Table], schema: pa.Schema) -> pa.Table:
    if not pieces:
        return schema.empty_table()
    return pa.concat_tables(pieces)


def _truth(pieces: list[pa.Table]) -> pa.Table:
    """One row per (identifier_type, scope, value), sorted; fails loudly if two persons claim one identifier."""
    if not pieces:
        return GT_SCHEMA.empty_table()
    table = pa.concat_tables(pieces)
    grouped = table.group_by(["identifier_type", "scope", "value"], use_threads=False).aggregate(
        [("person_id", "min"), ("person_id", "max")]
    )
    clash = pa.compute.not_equal(grouped["person_id_min"], grouped["person_id_max"])
    if pa.compute.any(clash).as_py():
        raise AssertionError("generator bug: one identifier assigned to two persons")
    result = pa.table(
        {
            "identifier_type": grouped["identifier_type"],
            "scope": grouped["scope"],
            "value": grouped["value"],
            "person_id": grouped["person_id_min"],
        },
        schema=GT_SCHEMA,
    )
    return result.sort_by([("identifier_type", "ascending"), ("scope", "ascending"), ("value", "ascending")])


PERSONS_SCHEMA = pa.schema(
    [
        ("person_id", pa.int64()),
        ("is_staff", pa.bool_()),
        ("name", pa.string()),
        ("gender", pa.string()),
        ("birthday", pa.date32()),
        ("child_birthday", pa.date32()),
        ("mobile", pa.string()),
        ("mobile2", pa.string()),
        ("province", pa.string()),
        ("city", pa.string()),
        ("home_store_code", pa.string()),
        *[(f"uses_{c}", pa.bool_()) for c in CHANNEL_NAMES],
        ("follows_oa", pa.bool_()),
        ("wecom_contact", pa.bool_()),
        ("wechat_accounts", pa.int64()),
        ("is_buyer", pa.bool_()),
        ("acquired_at", pa.timestamp("s")),
        ("bgnbd_lambda_per_year", pa.float64()),
        ("bgnbd_p", pa.float64()),
        ("alive_at_as_of", pa.bool_()),
        ("purchases", pa.int64()),
        ("spend_level", pa.string()),
        ("coupon_sensitivity", pa.float64()),
        ("favourite_category", pa.string()),
        ("clothing_size", pa.string()),
        ("skin_type", pa.string()),
        ("occasion", pa.string()),
        ("style", pa.string()),
    ]
)


def persons_table(persons: Persons, purchase_person: np.ndarray, world: World) -> pa.Table:
    n = persons.n
    home = persons.home_store
    codes = pa.array(world.stores.code, pa.string())
    channels = {f"uses_{c}": pa.array(persons.channels[:, i]) for i, c in enumerate(CHANNEL_NAMES)}
    cols = {
        "person_id": pa.array(persons.person_id),
        "is_staff": pa.repeat(pa.scalar(False), n),
        "name": persons.name,
        "gender": text.pool_take(("", "男", "女"), persons.gender),
        "birthday": pa.array(persons.birthday.astype("datetime64[D]"), pa.date32()),
        "child_birthday": pa.array(
            persons.child_birthday.astype("datetime64[D]"), pa.date32(), mask=persons.child_birthday < 0
        ),
        "mobile": identity.mobile_strings(persons.mobile),
        "mobile2": text.with_nulls(identity.mobile_strings(persons.mobile2), persons.mobile2 == 0),
        "province": CITY_PROVINCE.take(pa.array(persons.city)),
        "city": CITY_NAME.take(pa.array(persons.city)),
        "home_store_code": text.with_nulls(codes.take(pa.array(np.maximum(home, 0))), home < 0),
        **channels,
        "follows_oa": pa.array(persons.oa),
        "wecom_contact": pa.array(persons.wecom),
        "wechat_accounts": pa.array(np.where(persons.wechat, 1 + persons.wx_second, 0).astype(np.int64)),
        "is_buyer": pa.array(persons.buyer),
        "acquired_at": pa.array(persons.acquired.astype("datetime64[s]"), pa.timestamp("s")),
        "bgnbd_lambda_per_year": pa.array(persons.lam),
        "bgnbd_p": pa.array(persons.p),
        "alive_at_as_of": pa.array(persons.alive),
        "purchases": pa.array(np.bincount(purchase_person, minlength=n).astype(np.int64)),
        "spend_level": text.pool_take(reference.SPEND_LEVELS, persons.spend_level),
        "coupon_sensitivity": pa.array(persons.coupon),
        "favourite_category": text.pool_take(reference.CATEGORIES, persons.category),
        "clothing_size": text.pool_take(reference.CLOTHING_SIZES, persons.clothing_size),
        "skin_type": text.pool_take(reference.SKIN_TYPES, persons.skin),
        "occasion": text.pool_take(reference.OCCASIONS, persons.occasion),
        "style": text.pool_take(reference.STYLES, persons.style),
    }
    return pa.Table.from_arrays([cols[c] for c in PERSONS_SCHEMA.names], schema=PERSONS_SCHEMA)


def staff_table(world: World) -> pa.Table:
    staff = world.staff
    n = staff.n
    codes = pa.array(world.stores.code, pa.string())
    city = world.stores.city[np.maximum(staff.store, 0)]
    cols: dict[str, pa.Array] = {
        "person_id": pa.array(staff.person_id),
        "is_staff": pa.repeat(pa.scalar(True), n),
        "name": staff.name,
        "gender": text.pool_take(("", "男", "女"), staff.gender),
        "birthday": pa.array(staff.birthday.astype("datetime64[D]"), pa.date32()),
        "mobile": identity.mobile_strings(staff.mobile),
        "province": CITY_PROVINCE.take(pa.array(city)),
        "city": CITY_NAME.take(pa.array(city)),
        "home_store_code": text.with_nulls(codes.take(pa.array(np.maximum(staff.store, 0))), staff.store < 0),
    }
    arrays = [cols[f.name] if f.name in cols else pa.nulls(n, f.type) for f in PERSONS_SCHEMA]
    return pa.Table.from_arrays(arrays, schema=PERSONS_SCHEMA)


def staff_truth(world: World, used: np.ndarray) -> pa.Table:
    staff = world.staff
    n = int(used.sum())
    return pa.table(
        {
            "identifier_type": pa.repeat(pa.scalar("mobile"), n),
            "scope": pa.repeat(pa.scalar(cst.MOBILE_SCOPE), n),
            "value": identity.mobile_strings(staff.mobile[used]),
            "person_id": pa.array(staff.person_id[used]),
        },
        schema=GT_SCHEMA,
    ).sort_by([("value", "ascending")])
