"""JD POP shop: orders (one row per version), order items, and 京东会员通 member bindings."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import constants as cst
from . import identity, ids, messy, text
from .context import Batch
from .orders import attempts, browser_attempts, make_orders, plan_versions
from .population import JD
from .world import CITY_NAME, CITY_PROVINCE_SHORT, DAY, N_CITIES, later

STATES = (
    "WAIT_SELLER_STOCK_OUT",
    "WAIT_GOODS_RECEIVE_CONFIRM",
    "FINISHED_L",
    "TRADE_CANCELED",
    "LOCKED",
    "POP_ORDER_PAUSE",
    cst.UNKNOWN_STATUS["jd"],
)
STOCK_OUT, RECEIVE, FINISHED, CANCELED, LOCKED, PAUSE, WEIRD = range(7)
REFUND = ("NONE", "REFUNDING", "REFUNDED")
SEQ_PER_BATCH = 20_000_000


def build(b: Batch) -> None:
    rng, cal, persons, pur = b.stream("jd.orders"), b.cal, b.persons, b.purchases
    sel = pur.channel == JD
    p_person, p_time = pur.person[sel], pur.time[sel]
    pick, a_time = attempts(rng, cal, p_time, 0.06)
    a_person = p_person[pick]
    browsers, n_time = browser_attempts(rng, cal, persons, persons.channels[:, JD], 0.05)
    person = np.concatenate([p_person, a_person, browsers])
    created = np.concatenate([p_time, a_time, n_time])
    paid = np.concatenate([np.ones(p_person.size, bool), np.zeros(a_person.size + browsers.size, bool)])
    o = make_orders(rng, b.world.catalog, persons, person, created, paid, coupon_scale=0.7)
    n, end = o.n, cal.end
    pid = persons.person_id[o.person]

    pay = o.created + rng.integers(10, 600, n)
    ship = pay + rng.integers(2 * 3600, 36 * 3600, n)
    finish = ship + rng.integers(DAY, 7 * DAY, n)
    state = np.where(ship >= end, STOCK_OUT, np.where(finish >= end, RECEIVE, FINISHED))
    cancel_t = np.minimum(pay + rng.integers(1800, 2 * DAY, n), end - 1)
    cancelled_paid = o.paid & (rng.random(n) < 0.02) & (cancel_t < end - 1)
    state = np.where(cancelled_paid, CANCELED, state)
    state = np.where(o.paid & (state == RECEIVE) & (rng.random(n) < 0.1), LOCKED, state)
    state = np.where(o.paid & (state == STOCK_OUT) & (rng.random(n) < 0.05), PAUSE, state)
    unpaid_close = np.minimum(o.created + rng.integers(1800, DAY, n), end - 1)
    state = np.where(o.paid, state, CANCELED)
    pay_time = np.where(o.paid, pay, -1)
    end_time = np.select([state == FINISHED, cancelled_paid, ~o.paid], [finish, cancel_t, unpaid_close], -1)
    lock_t = np.minimum(ship + rng.integers(DAY, 3 * DAY, n), end - 1)
    modified = np.select(
        [end_time >= 0, state == LOCKED, (state == STOCK_OUT) | (state == PAUSE)], [end_time, lock_t, pay], ship
    )

    lo = o.line_order
    refund = np.zeros(lo.size, dtype=np.int64)
    refund_amount = np.zeros(lo.size, dtype=np.int64)
    line_net = o.line_net
    refund[cancelled_paid[lo]] = 2
    refund_amount[cancelled_paid[lo]] = line_net[cancelled_paid[lo]]
    one_line = o.first_line + (rng.random(n) * o.line_count).astype(np.int64)
    partial = (state == FINISHED) & (rng.random(n) < 0.04)
    refund[one_line[partial]] = 2
    refund_amount[one_line[partial]] = line_net[one_line[partial]]
    locked = state == LOCKED
    refund[one_line[locked]] = 1
    refund_amount[one_line[locked]] = line_net[one_line[locked]]

    versions = plan_versions(rng, cal, o.created, late=False)
    same = versions.resync & ((state == STOCK_OUT) | (state == CANCELED) | (rng.random(n) < 0.3))
    earlier_state = np.select(
        [same, state == RECEIVE, state == LOCKED, state == FINISHED], [state, STOCK_OUT, RECEIVE, RECEIVE], state
    )
    earlier_modified = np.select([same, earlier_state == STOCK_OUT], [modified, pay], ship)
    modified = np.where(same, np.minimum(modified + rng.integers(600, 2 * DAY, n), end - 1), modified)
    earlier_modified = np.minimum(earlier_modified, modified - 1)

    mess = rng.random(n)
    u = cst.MESS.unusable
    null_id, bad_time, weird = mess < u, (mess >= u) & (mess < 2 * u), (mess >= 2 * u) & (mess < 3 * u)
    for mask in (null_id, bad_time, weird):
        if n and not mask.any():
            mask[rng.integers(0, n)] = True
    final_state = np.where(weird, WEIRD, state)

    order_id = ids.numeric(b.serial("jd_order", n, SEQ_PER_BATCH), 41, "3", 11)
    city = np.where(
        rng.random(n) < cst.MESS.attribute_conflict * 2, rng.integers(0, N_CITIES, n), persons.city[o.person]
    )
    freight = np.where((o.net < 9900) & (rng.random(n) < 0.6), 600, 0)
    open_id = identity.jd_open_id(pid)
    pin_kind = np.where(rng.random(n) < 0.88, 0, np.where(rng.random(n) < 0.7, 1, 2))
    pins = text.choose(
        pin_kind,
        {
            0: lambda i: None,
            1: lambda i: text.fixed(i.size, ["jd_", text.encode(pid[i].astype(np.uint64), ids.BASE62, 3), "****"]),
            2: lambda i: pa.array(["***"] * i.size),
        },
        pa.string(),
    )

    def order_rows(idx: np.ndarray, earlier: np.ndarray) -> dict[str, pa.Array]:
        st = np.where(earlier, earlier_state[idx], final_state[idx])
        end_t = np.where(earlier & ~same[idx], -1, end_time[idx])
        oid = order_id.take(pa.array(idx))
        nulls = null_id[idx] & ~earlier
        oid = text.choose(
            np.where(nulls, 1 + idx % 2, 0),
            {0: lambda i: oid.take(pa.array(i)), 1: lambda i: None, 2: lambda i: pa.array([""] * i.size)},
            pa.string(),
        )
        start = text.datetimes(o.created[idx])
        bad = bad_time[idx] & ~earlier
        start = text.choose(
            bad.astype(np.int8),
            {0: lambda i: start.take(pa.array(i)), 1: lambda i: messy.unparseable(rng, cst.BAD_DATES, i.size)},
            pa.string(),
        )
        seller_discount = o.item_discount[idx] + o.coupon[idx]
        return {
            "order_id": oid,
            "vender_id": pa.repeat(pa.scalar(cst.JD_VENDER_ID), idx.size),
            "app_key": pa.repeat(pa.scalar(cst.JD_APP_KEY), idx.size),
            "open_id_buyer": open_id.take(pa.array(idx)),
            "pin": pins.take(pa.array(idx)),
            "order_state": text.pool_take(STATES, st),
            "order_total_price": text.yuan(o.goods[idx]),
            "seller_discount": text.yuan(seller_discount),
            "freight_price": text.yuan(freight[idx]),
            "order_payment": text.yuan(o.goods[idx] - seller_discount + freight[idx]),
            "consignee_province": CITY_PROVINCE_SHORT.take(pa.array(city[idx])),
            "consignee_city": CITY_NAME.take(pa.array(city[idx])),
            "consignee_mobile": messy.masked(persons.mobile[o.person[idx]]),
            "order_start_time": start,
            "payment_confirm_time": text.datetimes(np.maximum(pay_time[idx], 0), null=pay_time[idx] < 0),
            "order_end_time": text.datetimes(np.maximum(end_t, 0), null=end_t < 0),
            "modified": text.datetimes(np.where(earlier, earlier_modified[idx], modified[idx])),
        }

    main_idx, main_earlier = versions.main_rows()
    b.emit("jd", "orders", order_rows(main_idx, main_earlier))
    catalog = b.world.catalog
    b.emit(
        "jd",
        "order_items",
        {
            "order_id": order_id.take(pa.array(lo)),
            "sku_id": catalog.jd_sku_id.take(pa.array(o.sku)),
            "outer_sku_id": catalog.sku.take(pa.array(o.sku)),
            "sku_name": catalog.sku_name.take(pa.array(o.sku)),
            "jd_price": text.yuan(o.price),
            "item_total": o.qty,
            "item_discount": text.yuan(o.line_discount + o.line_coupon),
            "refund_status": text.pool_take(REFUND, refund),
            "refund_amount": text.yuan(refund_amount),
        },
    )
    seen = np.unique(o.person)
    b.truth_rows("jd_open_id", cst.JD_APP_KEY, identity.jd_open_id(persons.person_id[seen]), persons.person_id[seen])
    members(b)


def members(b: Batch) -> None:
    rng, cal, persons = b.stream("jd.members"), b.cal, b.persons
    who = np.flatnonzero(persons.jd_member)
    n = who.size
    pid = persons.person_id[who]
    mobile = np.where((persons.mobile2[who] > 0) & (rng.random(n) < 0.3), persons.mobile2[who], persons.mobile[who])
    typed, kind = messy.typed_mobiles(
        rng,
        mobile,
        formatted_share=cst.MESS.phone_formatted,
        junk_share=cst.MESS.phone_junk_member,
        typo_share=cst.MESS.typo_mobile,
    )
    span = np.minimum(90 * DAY, cal.end - persons.acquired[who])
    bind = np.minimum(persons.acquired[who] + (rng.random(n) * span).astype(np.int64), cal.end - 1)
    modified = later(rng, bind, 300 * DAY, cal.end)
    open_id = identity.jd_open_id(pid)
    b.emit(
        "jd",
        "members",
        {
            "vender_id": pa.repeat(pa.scalar(cst.JD_VENDER_ID), n),
            "app_key": pa.repeat(pa.scalar(cst.JD_APP_KEY), n),
            "open_id": open_id,
            "mobile": typed,
            "level": text.ints_as_strings(np.minimum(1 + (persons.spend[who] * rng.uniform(0.5, 2.5, n)), 5)),
            "points": rng.integers(0, 3000, n) * (rng.random(n) < 0.8),
            "bind_time": text.datetimes(bind),
            "modified": text.datetimes(modified),
        },
    )
    b.truth_rows("jd_open_id", cst.JD_APP_KEY, open_id, pid)
    real = kind == messy.REAL
    b.truth_rows("mobile", cst.MOBILE_SCOPE, identity.mobile_strings(mobile[real]), pid[real])
