"""The brand's world, shared by every batch: the calendar, the product master, the stores and their staff."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from tagwarehouse.raw_schema import table as raw_table

from . import constants as cst
from . import ids, reference, text

DAY = 86400


@dataclass(frozen=True)
class Calendar:
    """Times are int64 seconds of Beijing wall clock since 1970-01-01 ("local seconds"); days likewise."""

    as_of_day: int
    start_day: int

    @classmethod
    def from_as_of(cls, as_of: dt.date) -> Calendar:
        day = (as_of - dt.date(1970, 1, 1)).days
        return cls(as_of_day=day, start_day=day - cst.HISTORY_DAYS)

    @property
    def end(self) -> int:
        """The as-of instant (local midnight at the start of the extract date); every record is older."""
        return self.as_of_day * DAY

    @property
    def start(self) -> int:
        return self.start_day * DAY

    @property
    def window_days(self) -> int:
        return self.as_of_day - self.start_day


def later(rng: np.random.Generator, t: np.ndarray, max_delay: int, end: int, min_delay: int = 0) -> np.ndarray:
    """A time after ``t``: ``min_delay`` plus a uniform share of ``max_delay - min_delay`` seconds, squeezed so that it
    stays before ``end`` (no pile-up of values at the end)."""
    t = np.asarray(t, dtype=np.int64)
    room = np.clip(np.minimum(max_delay, end - 1 - t) - min_delay, 0, None)
    return np.minimum(t + min_delay + (rng.random(t.size) * room).astype(np.int64), end - 1)


def weighted_choice(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    cum = np.cumsum(np.asarray(weights, dtype=np.float64))
    return np.minimum(np.searchsorted(cum / cum[-1], rng.random(size), side="right"), len(cum) - 1)


# ------------------------------------------------------------------------------------------------ cities
CITY_PROVINCE = pa.array([c[0] for c in reference.CITIES], pa.string())
CITY_PROVINCE_SHORT = pa.array([c[1] for c in reference.CITIES], pa.string())
CITY_NAME = pa.array([c[2] for c in reference.CITIES], pa.string())
CITY_WEIGHT = np.array([c[3] for c in reference.CITIES], dtype=np.float64)
CITY_CODE = [c[4] for c in reference.CITIES]
N_CITIES = len(reference.CITIES)


# ------------------------------------------------------------------------------------------------ products
@dataclass
class Catalog:
    """The product master. Models (e.g. T60) come in colours and sizes; a SKU is model + colour + size."""

    # per SKU
    sku: pa.Array
    sku_model: np.ndarray
    sku_colour: np.ndarray  # index into reference.COLOURS, -1 for none
    sku_size: pa.Array
    sku_price: np.ndarray  # list price in fen
    sku_name: pa.Array  # product name with colour and size (JD sku name)
    jd_sku_id: pa.Array
    # per model
    model_code: list[str]
    model_category: np.ndarray
    model_price: np.ndarray
    model_launch: np.ndarray  # day
    model_first_sku: np.ndarray
    model_n_sizes: np.ndarray
    model_n_colours: np.ndarray
    model_colour_slot: np.ndarray  # (models, colours) -> slot of the colour within the model, -1 if absent
    model_fallback: np.ndarray  # a model of the same category on sale since before the history
    model_popularity: np.ndarray
    model_title: pa.Array  # Tmall title
    model_name: pa.Array
    num_iid: dict[str, pa.Array] = field(default_factory=dict)  # per shop type: Taobao item id per model
    launch_day: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    # sampling helpers
    _category_cum: np.ndarray = field(default_factory=lambda: np.empty(0))

    def __post_init__(self) -> None:
        order = np.lexsort((np.arange(len(self.model_category)), self.model_category))
        if not np.array_equal(order, np.arange(len(order))):
            raise ValueError("models must be sorted by category")
        cum = np.zeros(len(self.model_category))
        for c in range(len(reference.CATEGORIES)):
            sel = self.model_category == c
            w = self.model_popularity[sel]
            cum[sel] = c + np.cumsum(w) / w.sum()
        self._category_cum = cum

    @property
    def n_skus(self) -> int:
        return len(self.sku_model)

    def pick(
        self,
        rng: np.random.Generator,
        category: np.ndarray,
        day: np.ndarray,
        clothing_size: np.ndarray,
        shoe_size: np.ndarray,
        colour: np.ndarray,
    ) -> np.ndarray:
        """SKU indices for lines of the given category and day, in the buyer's sizes and often their colour."""
        n = category.size
        model = np.searchsorted(self._category_cum, category + rng.random(n) * (1 - 1e-9), side="right")
        model = np.minimum(model, len(self.model_category) - 1)
        not_launched = self.model_launch[model] > day
        model = np.where(not_launched, self.model_fallback[model], model)
        slot = self.model_colour_slot[model, colour]
        random_slot = (rng.random(n) * self.model_n_colours[model]).astype(np.int64)
        slot = np.where((slot >= 0) & (rng.random(n) < 0.5), slot, random_slot)
        cat = self.model_category[model]
        size = np.where(cat <= 2, clothing_size, np.where(cat == 3, shoe_size, 0))
        size = np.where(cat == 2, np.minimum(size + (rng.random(n) < 0.3), 4), size)  # coats a size up
        size = np.minimum(size, self.model_n_sizes[model] - 1)
        return self.model_first_sku[model] + slot * self.model_n_sizes[model] + size

    def table(self) -> pa.Table:
        cols = {
            "sku": self.sku,
            "model_code": text.pool_take(self.model_code, self.sku_model),
            "product_name": self.model_name.take(pa.array(self.sku_model)),
            "category": text.pool_take(reference.CATEGORIES, self.model_category[self.sku_model]),
            "colour": text.pool_take(
                [c[0] for c in reference.COLOURS] + [reference.NO_COLOUR[0]],
                np.where(self.sku_colour < 0, len(reference.COLOURS), self.sku_colour),
            ),
            "size": self.sku_size,
            "list_price": self.sku_price / 100.0,
            "launch_date": text.dates(self.model_launch[self.sku_model]),
        }
        schema = raw_table("erp", "products").schema
        return pa.Table.from_arrays([cols[n] for n in schema.names], schema=schema)


def make_catalog(rng: np.random.Generator, cal: Calendar) -> Catalog:
    model_code: list[str] = []
    model_name: list[str] = []
    model_title: list[str] = []
    model_category: list[int] = []
    model_price: list[int] = []
    model_launch: list[int] = []
    model_colours: list[list[int]] = []
    model_sizes: list[tuple[str, ...]] = []
    for c, cat in enumerate(reference.CATEGORIES):
        names, (lo, hi), sizes, (cmin, cmax) = reference.CATEGORY_RANGE[cat]
        numbers = rng.choice(np.arange(10, 100), size=len(names), replace=False)
        for k, (name, number) in enumerate(zip(names, numbers, strict=True)):
            model_code.append(f"{reference.CATEGORY_LETTER[c]}{number}")
            model_name.append(f"{cst.BRAND_NAME}{name}")
            words = rng.choice(reference.TITLE_WORDS, size=2, replace=False)
            year = 2023 + int(rng.integers(0, 4))
            model_title.append(f"{cst.BRAND_NAME}{year}{words[0]}{name}{words[1]}{'女装' if c < 3 else ''}")
            model_category.append(c)
            model_price.append(round(rng.uniform(lo, hi) / 10) * 1000 - 100)  # ends in 9 yuan
            # two thirds on sale since before the history; the others launch during it
            if k % 3 == 2:
                model_launch.append(cal.start_day + int(rng.integers(30, cal.window_days - 30)))
            else:
                model_launch.append(cal.start_day - int(rng.integers(30, 720)))
            n_col = int(rng.integers(cmin, cmax + 1))
            if cat == "护肤":
                model_colours.append([-1])
                model_sizes.append((reference.SKINCARE_SIZES[k % len(reference.SKINCARE_SIZES)],))
            else:
                model_colours.append(sorted(rng.choice(len(reference.COLOURS), size=n_col, replace=False).tolist()))
                model_sizes.append(sizes)
    n_models = len(model_code)
    m_cat = np.array(model_category)
    m_launch = np.array(model_launch, dtype=np.int64)
    fallback = np.arange(n_models)
    for m in range(n_models):
        if m_launch[m] > cal.start_day:
            classics = np.flatnonzero((m_cat == m_cat[m]) & (m_launch <= cal.start_day))
            fallback[m] = classics[m % len(classics)]
    popularity = rng.pareto(1.5, n_models) + 0.3

    sku_codes: list[str] = []
    sku_names: list[str] = []
    sku_model: list[int] = []
    sku_colour: list[int] = []
    sku_size: list[str] = []
    first = np.zeros(n_models, dtype=np.int64)
    slots = np.full((n_models, len(reference.COLOURS)), -1, dtype=np.int64)
    for m in range(n_models):
        first[m] = len(sku_codes)
        for slot, colour in enumerate(model_colours[m]):
            cname, ccode = reference.NO_COLOUR if colour < 0 else reference.COLOURS[colour]
            if colour >= 0:
                slots[m, colour] = slot
            for size in model_sizes[m]:
                sku_codes.append(f"{model_code[m]}-{ccode}-{size.upper()}")
                sku_names.append(f"{model_name[m]} {cname} {size}")
                sku_model.append(m)
                sku_colour.append(colour)
                sku_size.append(size)
    s_model = np.array(sku_model, dtype=np.int64)
    price = np.array(model_price, dtype=np.int64)
    n_skus = len(sku_codes)
    catalog = Catalog(
        sku=pa.array(sku_codes, pa.string()),
        sku_model=s_model,
        sku_colour=np.array(sku_colour, dtype=np.int64),
        sku_size=pa.array(sku_size, pa.string()),
        sku_price=price[s_model],
        sku_name=pa.array(sku_names, pa.string()),
        jd_sku_id=ids.numeric(np.arange(n_skus, dtype=np.uint64), 101, "10", 10),
        model_code=model_code,
        model_category=m_cat,
        model_price=price,
        model_launch=m_launch,
        model_first_sku=first,
        model_n_sizes=np.array([len(s) for s in model_sizes], dtype=np.int64),
        model_n_colours=np.array([len(c) for c in model_colours], dtype=np.int64),
        model_colour_slot=slots,
        model_fallback=fallback,
        model_popularity=popularity,
        model_title=pa.array(model_title, pa.string()),
        model_name=pa.array(model_name, pa.string()),
    )
    catalog.num_iid = {
        "B": ids.numeric(np.arange(n_models, dtype=np.uint64), 102, "6", 11),
        "C": ids.numeric(np.arange(n_models, dtype=np.uint64), 103, "5", 11),
    }
    return catalog


# ------------------------------------------------------------------------------------------------ stores and staff
DIRECT, FRANCHISE, POPUP = 0, 1, 2
"""Store kinds (store_type 直营, 加盟, 快闪)."""
STORE_SUFFIX = ("店", "店", "快闪店")
MUST_CITIES = 8
"""The biggest cities always have a store (their anchor)."""
STORE_FLOOR = MUST_CITIES + 4
"""The fewest stores of a run: the anchors, the three featured stores and at least one more."""


@dataclass
class Stores:
    code: list[str]
    city: np.ndarray
    kind: np.ndarray  # DIRECT, FRANCHISE or POPUP
    open_day: np.ndarray
    close_day: np.ndarray  # -1 while open
    anchor: np.ndarray  # per store: the always-open store of its city
    bait: np.ndarray  # bool: its clerk types their own mobile for walk-ins
    city_stores: list[np.ndarray]  # per city: regular (non pop-up) stores
    featured: np.ndarray  # the franchise, the pop-up and the closed store every run has (store indices)
    table: pa.Table

    @property
    def n(self) -> int:
        return len(self.code)

    def is_open(self, store: np.ndarray, day: np.ndarray) -> np.ndarray:
        close = self.close_day[store]
        return (self.open_day[store] <= day) & ((close < 0) | (day < close))


def n_stores_for(members: int) -> int:
    return int(np.clip(round(members / 2500), STORE_FLOOR, 600))


def make_stores(rng: np.random.Generator, cal: Calendar, members: int) -> Stores:
    """One store per 2,500 members (at least STORE_FLOOR): the anchor of each of the biggest cities, three featured
    stores that every run has whatever its size or seed (a franchise, a pop-up and a store that closed during the
    history, each in a big city next to its anchor, so they have customers and receipts), and the others in
    cities weighted by size, mostly direct, some franchise, a few pop-ups, a few closed."""
    n = n_stores_for(members)
    top = np.argsort(-CITY_WEIGHT, kind="stable")
    must = top[:MUST_CITIES]
    featured_city = must[weighted_choice(rng, CITY_WEIGHT[must], 3)]
    rest = weighted_choice(rng, CITY_WEIGHT**1.3, n - MUST_CITIES - 3)
    # role: 0 a big city's anchor, 1 featured franchise, 2 featured pop-up, 3 featured closed store, 4 any other
    drawn_city = np.concatenate([must, featured_city, rest])
    drawn_role = np.concatenate([np.zeros(MUST_CITIES, np.int64), [1, 2, 3], np.full(rest.size, 4)])
    order = np.lexsort((np.arange(n), drawn_role, drawn_city))  # by city, its anchor first
    city, role = drawn_city[order], drawn_role[order]
    kind = np.where(rng.random(n) < 0.62, DIRECT, FRANCHISE)
    kind = np.where(rng.random(n) < 0.07, POPUP, kind)
    open_day = np.where(
        rng.random(n) < 0.75,
        cal.start_day - rng.integers(60, 6 * 365, n),
        cal.start_day + rng.integers(0, cal.window_days - 90, n),
    )
    close_day = np.where(rng.random(n) < 0.06, open_day + rng.integers(200, 900, n), -1)
    close_day = np.where((close_day >= 0) & (close_day >= cal.as_of_day - 10), -1, close_day)
    # the featured stores: a franchise open through the history, a pop-up of two to four months and a regular
    # store open before the history that closed between a third of the way and four months before the as-of date
    long_open = cal.start_day - 200 - rng.integers(0, 1500, n)
    kind = np.select([role == 1, role == 2, role == 3], [FRANCHISE, POPUP, rng.integers(0, 2, n)], kind)
    open_day = np.where((role == 1) | (role == 3), long_open, open_day)
    close_day = np.where(role == 1, -1, close_day)
    closes = cal.start_day + rng.integers(cal.window_days // 3, cal.window_days - 120, n)
    close_day = np.where(role == 3, closes, close_day)
    popup = kind == POPUP
    popup_opens = np.where(
        role == 2,
        rng.integers(cal.window_days // 4, cal.window_days - 150, n),  # the featured one closes before the as-of
        rng.integers(0, cal.window_days - 40, n),
    )
    open_day = np.where(popup, cal.start_day + popup_opens, open_day)
    popup_days = np.where(role == 2, rng.integers(60, 120, n), rng.integers(30, 120, n))
    close_day = np.where(popup, np.minimum(open_day + popup_days, cal.as_of_day + 30), close_day)
    close_day = np.where(popup & (close_day > cal.as_of_day), -1, close_day)
    # the first store of each city is its anchor: a direct store open through the whole history
    first_of_city = np.r_[True, city[1:] != city[:-1]]
    kind = np.where(first_of_city, DIRECT, kind)
    open_day = np.where(first_of_city, cal.start_day - 400 - rng.integers(0, 1500, n), open_day)
    close_day = np.where(first_of_city, -1, close_day)
    first_idx = np.flatnonzero(first_of_city)
    anchor = first_idx[np.searchsorted(city[first_idx], city)]
    seq = np.arange(n) - anchor + 1
    codes = [f"{CITY_CODE[c]}{s:03d}" for c, s in zip(city, seq, strict=True)]
    bait = rng.random(n) < cst.MESS.bait_store_share
    bait[0] = True  # the busiest city's anchor store always has the clerk who types their own number

    mall = rng.integers(0, len(reference.MALLS), n)
    names = [
        f"{cst.BRAND_NAME}{reference.CITIES[c][2].removesuffix('市')}{reference.MALLS[m]}{STORE_SUFFIX[k]}"
        for c, m, k in zip(city, mall, kind, strict=True)
    ]
    road = rng.integers(0, len(reference.ROADS), n)
    addresses = [
        f"{reference.CITIES[c][2]}{reference.ROADS[r]}{num}号{reference.MALLS[m]}{floor}层{unit}"
        for c, r, num, m, floor, unit in zip(
            city, road, rng.integers(1, 1500, n), mall, rng.integers(1, 5, n), rng.integers(101, 399, n), strict=True
        )
    ]
    cols = {
        "store_code": pa.array(codes, pa.string()),
        "store_name": pa.array(names, pa.string()),
        "store_type": text.pool_take(("直营", "加盟", "快闪"), kind),
        "province": CITY_PROVINCE.take(pa.array(city)),
        "city": CITY_NAME.take(pa.array(city)),
        "address": pa.array(addresses, pa.string()),
        "open_date": text.dates(open_day),
        "close_date": text.with_nulls(text.dates(np.maximum(close_day, 0)), close_day < 0),
    }
    schema = raw_table("pos", "stores").schema
    table = pa.Table.from_arrays([cols[c] for c in schema.names], schema=schema)
    city_stores = [np.flatnonzero((city == c) & (kind != POPUP)) for c in range(N_CITIES)]
    featured = np.array([int(np.flatnonzero(role == r)[0]) for r in (1, 2, 3)], dtype=np.int64)
    return Stores(codes, city, kind, open_day, close_day, anchor, bait, city_stores, featured, table)


@dataclass
class Staff:
    """Store staff and HQ staff: persons too (their mobile is theirs), with a cashier id and a WeCom user id."""

    person_id: np.ndarray
    store: np.ndarray  # -1 for HQ
    name: pa.Array
    gender: np.ndarray  # 1 male, 2 female
    birthday: np.ndarray  # day
    mobile: np.ndarray  # uint64
    cashier_id: pa.Array
    userid: pa.Array
    store_first: np.ndarray  # per store: first staff index (the store's own staff are contiguous)
    store_count: np.ndarray
    bait_clerk: np.ndarray  # per store: staff index of the clerk who types their own mobile, -1 if none

    @property
    def n(self) -> int:
        return len(self.person_id)


def make_staff(rng: np.random.Generator, cal: Calendar, stores: Stores, members: int) -> Staff:
    per_store = rng.integers(2, 7, stores.n)
    hq = 6
    store = np.concatenate([np.repeat(np.arange(stores.n), per_store), np.full(hq, -1)])
    n = store.size
    person_id = members + 1 + np.arange(n, dtype=np.int64)
    gender = np.where(rng.random(n) < 0.8, 2, 1)
    names = person_names(rng, gender)
    birthday = cal.as_of_day - rng.integers(20 * 365, 45 * 365, n)
    first = np.concatenate([[0], np.cumsum(per_store)[:-1]])
    bait_clerk = np.where(stores.bait, first, -1)
    return Staff(
        person_id=person_id,
        store=store,
        name=names,
        gender=gender,
        birthday=birthday,
        mobile=mobiles(person_id.astype(np.uint64)),
        cashier_id=text.fixed(n, ["C", text.digits(100000 + np.arange(n), 6)]),
        userid=text.fixed(n, ["ZA", text.digits(10000 + np.arange(n), 5)]),
        store_first=first,
        store_count=per_store,
        bait_clerk=bait_clerk,
    )


# ------------------------------------------------------------------------------------------------ names and mobiles
_SURNAME = pa.array([s for s, _ in reference.SURNAMES], pa.string())
_SURNAME_W = np.array([w for _, w in reference.SURNAMES])
_GIVEN_F = pa.array(reference.GIVEN_FEMALE, pa.string())
_GIVEN_M = pa.array(reference.GIVEN_MALE, pa.string())
_GIVEN_MID = pa.array(reference.GIVEN_MIDDLE, pa.string())


def person_names(rng: np.random.Generator, gender: np.ndarray) -> pa.Array:
    n = gender.size
    surname = _SURNAME.take(pa.array(weighted_choice(rng, _SURNAME_W, n)))
    female = gender == 2
    last_f = _GIVEN_F.take(pa.array(rng.integers(0, len(_GIVEN_F), n)))
    last_m = _GIVEN_M.take(pa.array(rng.integers(0, len(_GIVEN_M), n)))
    last = text.pc.if_else(pa.array(female), last_f, last_m)
    mid_f = _GIVEN_F.take(pa.array(rng.integers(0, len(_GIVEN_F), n)))
    mid_m = _GIVEN_M.take(pa.array(rng.integers(0, len(_GIVEN_M), n)))
    mid_n = _GIVEN_MID.take(pa.array(rng.integers(0, len(_GIVEN_MID), n)))
    mid = text.pc.if_else(pa.array(rng.random(n) < 0.5), mid_n, text.pc.if_else(pa.array(female), mid_f, mid_m))
    mid = text.with_nulls(mid, rng.random(n) < 0.25)
    mid = text.pc.fill_null(mid, "")
    return text.join(surname, mid, last)


# Mobile prefixes held by real persons (170/171 are left for typed-wrong numbers).
MOBILE_PREFIXES = np.array(
    [130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 153, 155, 156, 157, 158, 159, 166, 173,
     175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 198, 199],
    dtype=np.uint64,
)  # fmt: skip
_BAD_SUFFIXES = np.array(sorted([d * 11111111 for d in range(10)] + [12345678, 138000]), dtype=np.uint64)
_SUFFIXES = 10**8 - len(_BAD_SUFFIXES)
SECOND_MOBILE_OFFSET = 2**31


def mobiles(u: np.ndarray) -> np.ndarray:
    """Unique valid mobiles (as uint64 eleven-digit numbers) for unique ``u`` below ~3.9e9; none is a known junk
    number (repeated digits, 12345678, 13800138000) nor uses a 170/171 prefix."""
    domain = len(MOBILE_PREFIXES) * _SUFFIXES
    k = ids.permute_range(np.asarray(u, dtype=np.uint64), domain, 7)
    prefix = MOBILE_PREFIXES[(k // np.uint64(_SUFFIXES)).astype(np.intp)]
    r = k % np.uint64(_SUFFIXES)
    shifted = _BAD_SUFFIXES - np.arange(len(_BAD_SUFFIXES), dtype=np.uint64)
    suffix = r + np.searchsorted(shifted, r, side="right").astype(np.uint64)
    return prefix * np.uint64(10**8) + suffix
