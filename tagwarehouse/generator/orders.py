"""What all order systems share: baskets of SKUs, prices and discounts in fen, unpaid attempts, row versions
(re-synced duplicates and late deliveries) and the age-driven life cycle of an order."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import constants as cst
from . import text
from .population import CATEGORY_WEIGHTS, Persons
from .world import DAY, Calendar, Catalog


@dataclass
class Orders:
    """Orders of one channel in one batch, sorted by creation time, with their lines (sorted by order)."""

    person: np.ndarray
    created: np.ndarray  # local seconds
    paid: np.ndarray  # bool: a purchase (False: an unpaid attempt)
    # lines
    line_order: np.ndarray
    line_seq: np.ndarray  # 1-based line number within the order
    sku: np.ndarray
    qty: np.ndarray
    price: np.ndarray  # unit list price, fen
    line_discount: np.ndarray  # item-level discount, fen
    line_coupon: np.ndarray  # the order-level coupon allocated to the line, fen
    # per order
    goods: np.ndarray  # sum of qty * price
    item_discount: np.ndarray  # sum of line discounts
    coupon: np.ndarray  # order-level coupon, fen
    line_count: np.ndarray
    first_line: np.ndarray

    @property
    def n(self) -> int:
        return len(self.person)

    @property
    def line_gross(self) -> np.ndarray:
        return self.qty * self.price

    @property
    def line_net(self) -> np.ndarray:
        """Line amount after item discount and coupon share."""
        return self.qty * self.price - self.line_discount - self.line_coupon

    @property
    def net(self) -> np.ndarray:
        return self.goods - self.item_discount - self.coupon

    def age_days(self, cal: Calendar) -> np.ndarray:
        return (cal.end - self.created) / DAY


def promo_depth(day: np.ndarray) -> np.ndarray:
    """0 on ordinary days, 1 around 618 / Double 12 / women's day, 2 in the Double 11 run-up."""
    _, month, dom = text.civil(day)
    double11 = (month == 11) & (dom <= 11) | (month == 10) & (dom >= 24)
    other = (month == 6) & (dom <= 18) | (month == 12) & (dom == 12) | (month == 3) & (dom == 8)
    return np.where(double11, 2, np.where(other, 1, 0))


def make_orders(
    rng: np.random.Generator,
    catalog: Catalog,
    persons: Persons,
    person: np.ndarray,
    created: np.ndarray,
    paid: np.ndarray,
    *,
    coupon_scale: float = 1.0,
) -> Orders:
    order = np.argsort(created, kind="stable")
    person, created, paid = person[order], created[order], paid[order]
    n = person.size
    day = created // DAY
    n_lines = np.minimum(1 + rng.poisson(0.1 + 0.4 * persons.spend[person]), 8)
    line_order = np.repeat(np.arange(n), n_lines)
    first_line = np.concatenate([[0], np.cumsum(n_lines)[:-1]]).astype(np.int64)
    line_seq = np.arange(line_order.size) - first_line[line_order] + 1
    lp = person[line_order]
    gender = persons.gender[lp]
    random_cat = np.where(
        gender == 2,
        _weighted(rng, CATEGORY_WEIGHTS[2], lp.size),
        _weighted(rng, CATEGORY_WEIGHTS[1], lp.size),
    )
    category = np.where(rng.random(lp.size) < 0.5, persons.category[lp], random_cat)
    sku = catalog.pick(
        rng, category, day[line_order], persons.clothing_size[lp], persons.shoe_size[lp], persons.colour[lp]
    )
    qty = np.where(rng.random(lp.size) < 0.86, 1, np.where(rng.random(lp.size) < 0.8, 2, 3)).astype(np.int64)
    price = catalog.sku_price[sku]
    depth = promo_depth(day)[line_order]
    rate = np.select(
        [depth == 2, depth == 1],
        [rng.choice([0.1, 0.2, 0.3], lp.size, p=[0.3, 0.4, 0.3]), rng.choice([0.0, 0.1, 0.2], lp.size)],
        default=np.where(rng.random(lp.size) < 0.7, 0.0, rng.choice([0.05, 0.1, 0.2], lp.size)),
    )
    line_discount = np.round(qty * price * rate / 100).astype(np.int64) * 100
    goods = np.bincount(line_order, qty * price, minlength=n).astype(np.int64)
    item_discount = np.bincount(line_order, line_discount, minlength=n).astype(np.int64)
    after = goods - item_discount
    uses = rng.random(n) < (0.1 + 0.5 * persons.coupon[person]) * coupon_scale
    face = rng.choice([1000, 2000, 3000, 5000, 10000], n, p=[0.3, 0.25, 0.2, 0.15, 0.1])
    coupon = np.where(uses, np.minimum(face, (after * 0.3 // 100) * 100), 0).astype(np.int64)
    line_coupon = allocate(coupon, line_order, qty * price - line_discount, first_line, n_lines)
    return Orders(
        person=person,
        created=created,
        paid=paid,
        line_order=line_order,
        line_seq=line_seq.astype(np.int64),
        sku=sku,
        qty=qty,
        price=price,
        line_discount=line_discount,
        line_coupon=line_coupon,
        goods=goods,
        item_discount=item_discount,
        coupon=coupon,
        line_count=n_lines.astype(np.int64),
        first_line=first_line,
    )


def allocate(
    amount: np.ndarray, line_order: np.ndarray, weight: np.ndarray, first_line: np.ndarray, n_lines: np.ndarray
) -> np.ndarray:
    """Splits an order amount (fen) over its lines in proportion to ``weight``; the last line takes the rounding."""
    total = np.bincount(line_order, weight, minlength=amount.size)
    share = np.floor(amount[line_order] * weight / np.maximum(total[line_order], 1)).astype(np.int64)
    last = first_line + n_lines - 1
    rest = amount - np.bincount(line_order, share, minlength=amount.size).astype(np.int64)
    share[last] += rest
    return share


def _weighted(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    cum = np.cumsum(weights) / np.sum(weights)
    return np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(weights) - 1)


def attempts(
    rng: np.random.Generator, cal: Calendar, time: np.ndarray, share: float, max_lead: int = 3 * 3600
) -> tuple[np.ndarray, np.ndarray]:
    """Unpaid attempts shortly before some purchases (a first checkout abandoned): which purchases, and when."""
    pick = rng.random(time.size) < share
    lead = rng.integers(120, max_lead, int(pick.sum()))
    return pick, np.maximum(time[pick] - lead, cal.start)


def browser_attempts(
    rng: np.random.Generator, cal: Calendar, persons: Persons, present: np.ndarray, share: float
) -> tuple[np.ndarray, np.ndarray]:
    """People who use a shop but never buy sometimes leave one unpaid order: (person index, time)."""
    who = np.flatnonzero(~persons.buyer & present & (rng.random(persons.n) < share))
    span = cal.end - persons.acquired[who]
    return who, persons.acquired[who] + (rng.random(who.size) * span).astype(np.int64)


# ------------------------------------------------------------------------------------------------ versions
@dataclass
class Versions:
    """Which orders are delivered how: an earlier version re-synced next to the final one, the final version only
    in the late part (newer version of an existing row), or the whole order only in the late part."""

    resync: np.ndarray
    late_update: np.ndarray
    late_new: np.ndarray

    def main_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """(order index, is the earlier version) of the rows of the main part, earlier version first."""
        earlier = self.resync | self.late_update
        final = ~self.late_update & ~self.late_new
        idx = np.concatenate([np.flatnonzero(earlier), np.flatnonzero(final)])
        flag = np.concatenate([np.ones(int(earlier.sum()), bool), np.zeros(int(final.sum()), bool)])
        order = np.lexsort((~flag, idx))
        return idx[order], flag[order]

    def late_rows(self) -> np.ndarray:
        return np.flatnonzero(self.late_update | self.late_new)


def plan_versions(
    rng: np.random.Generator, cal: Calendar, created: np.ndarray, late: bool, resync_share: float | None = None
) -> Versions:
    n = created.size
    age = (cal.end - created) / DAY
    share = cst.MESS.resync_duplicate if resync_share is None else resync_share
    resync = rng.random(n) < share
    if not late:
        return Versions(resync, np.zeros(n, bool), np.zeros(n, bool))
    late_update = ~resync & (age < 14) & (rng.random(n) < 0.25)
    late_new = ~resync & ~late_update & (rng.random(n) < np.where(age < 45, 0.08, cst.MESS.late_share / 5))
    if n and not late_new.any():
        late_new[int(np.argmax(created))] = True
    return Versions(resync, late_update, late_new)
