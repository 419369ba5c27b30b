"""Tmall / Taobao: trades and sub-orders of the flagship (B) and the Taobao (C) shop, and 会员通 member bindings."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import constants as cst
from . import identity, ids, messy, text
from .context import Batch
from .orders import attempts, browser_attempts, make_orders, plan_versions
from .population import TAOBAO, TMALL
from .world import CITY_NAME, CITY_PROVINCE, DAY, N_CITIES, later

STATUS = (
    "TRADE_NO_CREATE_PAY",
    "WAIT_BUYER_PAY",
    "WAIT_SELLER_SEND_GOODS",
    "SELLER_CONSIGNED_PART",
    "WAIT_BUYER_CONFIRM_GOODS",
    "TRADE_BUYER_SIGNED",
    "TRADE_FINISHED",
    "TRADE_CLOSED",
    "TRADE_CLOSED_BY_TAOBAO",
    cst.UNKNOWN_STATUS["tmall"],
)
NO_PAY, WAIT_PAY, WAIT_SEND, PART_SENT, WAIT_CONFIRM, SIGNED, FINISHED, CLOSED, CLOSED_UNPAID, WEIRD = range(10)
REFUND = (
    "NO_REFUND",
    "WAIT_SELLER_AGREE",
    "WAIT_BUYER_RETURN_GOODS",
    "WAIT_SELLER_CONFIRM_GOODS",
    "SELLER_REFUSE_BUYER",
    "CLOSED",
    "SUCCESS",
)
SHOP_NICK = (cst.TMALL_SELLER_NICK, cst.TAOBAO_SELLER_NICK)
SHOP_TYPE = ("B", "C")
GRADES = ("1", "2", "3", "4")


def build(b: Batch) -> None:
    rng, cal, persons, pur = b.stream("tmall.trades"), b.cal, b.persons, b.purchases
    online = (pur.channel == TMALL) | (pur.channel == TAOBAO)
    p_person, p_time, p_shop = pur.person[online], pur.time[online], (pur.channel[online] == TAOBAO).astype(np.int64)
    pick, a_time = attempts(rng, cal, p_time, 0.07)
    a_person, a_shop = p_person[pick], p_shop[pick]
    browsers, n_time = browser_attempts(rng, cal, persons, persons.channels[:, [TMALL, TAOBAO]].any(1), 0.06)
    n_shop = (~persons.channels[browsers, TMALL]).astype(np.int64)

    person = np.concatenate([p_person, a_person, browsers])
    created = np.concatenate([p_time, a_time, n_time])
    paid = np.concatenate([np.ones(p_person.size, bool), np.zeros(a_person.size + browsers.size, bool)])
    shop_in = np.concatenate([p_shop, a_shop, n_shop])
    o = make_orders(rng, b.world.catalog, persons, person, created, paid)
    shop = shop_in[np.argsort(created, kind="stable")]
    n = o.n
    pid = persons.person_id[o.person]
    multi = o.line_count > 1

    # ------------------------------------------------------------------ life cycle (final version)
    pay = o.created + rng.integers(10, 1200, n)
    ship = pay + rng.integers(4 * 3600, 48 * 3600, n)
    confirm = ship + rng.integers(2 * DAY, 10 * DAY, n)
    end = cal.end
    status = np.full(n, FINISHED)
    status = np.where(confirm >= end, np.where(multi & (rng.random(n) < 0.05), PART_SENT, WAIT_CONFIRM), status)
    status = np.where((status == WAIT_CONFIRM) & (rng.random(n) < 0.12), SIGNED, status)
    status = np.where(ship >= end, WAIT_SEND, status)
    refund_t = pay + rng.integers(DAY // 2, 20 * DAY, n)
    full_refund = o.paid & (rng.random(n) < 0.035) & (refund_t < end)
    status = np.where(full_refund, CLOSED, status)
    young = o.created >= end - DAY
    status = np.where(~o.paid, np.where(young, np.where(rng.random(n) < 0.85, WAIT_PAY, NO_PAY), CLOSED_UNPAID), status)
    close_unpaid = np.minimum(o.created + rng.integers(900, 72 * 3600, n), end - 1)

    pay_time = np.where(o.paid, pay, -1)
    end_time = np.select(
        [status == FINISHED, status == CLOSED, status == CLOSED_UNPAID], [confirm, refund_t, close_unpaid], -1
    )
    modified = np.select(
        [
            status == FINISHED,
            status == CLOSED,
            status == CLOSED_UNPAID,
            status == WAIT_SEND,
            (status == WAIT_PAY) | (status == NO_PAY),
        ],
        [confirm, refund_t, close_unpaid, pay, o.created],
        ship,
    )
    sign_t = np.minimum(ship + rng.integers(DAY, 3 * DAY, n), end - 1)
    modified = np.where(status == SIGNED, sign_t, modified)

    # sub-order refunds
    lo = o.line_order
    line_status = status[lo].copy()
    refund_status = np.zeros(lo.size, dtype=np.int64)
    refund_fee = np.zeros(lo.size, dtype=np.int64)
    line_modified = modified[lo].copy()
    refund_status[full_refund[lo]] = 6
    refund_fee[full_refund[lo]] = o.line_net[full_refund[lo]]
    # partial refund: one line of a finished multi-line trade
    one_line = o.first_line + (rng.random(n) * o.line_count).astype(np.int64)
    partial_t = np.minimum(confirm + rng.integers(DAY, 12 * DAY, n), end - 1)
    partial = (status == FINISHED) & multi & (rng.random(n) < 0.08) & (confirm < end - DAY)
    lines = one_line[partial]
    refund_status[lines] = 6
    refund_fee[lines] = o.line_net[lines]
    line_status[lines] = CLOSED
    line_modified[lines] = partial_t[partial]
    modified = np.where(partial, np.maximum(modified, partial_t), modified)
    # refunds in progress (recent trades) and refused / closed requests
    open_req = np.isin(status, [WAIT_CONFIRM, SIGNED, PART_SENT]) & (rng.random(n) < 0.08)
    lines = one_line[open_req]
    refund_status[lines] = rng.integers(1, 4, lines.size)
    refund_fee[lines] = o.line_net[lines]
    failed = (status == FINISHED) & ~partial & (rng.random(n) < 0.015)
    lines = one_line[failed]
    refund_status[lines] = rng.integers(4, 6, lines.size)

    # ------------------------------------------------------------------ versions
    versions = plan_versions(rng, cal, o.created, late=True)
    same_status = versions.resync & (rng.random(n) < 0.3)
    earlier_status = np.select(
        [
            same_status,
            status == WAIT_SEND,
            np.isin(status, [WAIT_CONFIRM, SIGNED, PART_SENT]),
            status == FINISHED,
            status == CLOSED,
            status == CLOSED_UNPAID,
        ],
        [status, WAIT_PAY, WAIT_SEND, WAIT_CONFIRM, WAIT_SEND, WAIT_PAY],
        status,
    )
    earlier_modified = np.select(
        [same_status, earlier_status == WAIT_PAY, earlier_status == WAIT_SEND, earlier_status == WAIT_CONFIRM],
        [modified, o.created, pay, ship],
        o.created,
    )
    # an identical re-sync: the final version only differs by a later modified
    modified = np.where(same_status, np.minimum(modified + rng.integers(3600, 3 * DAY, n), end - 1), modified)
    earlier_modified = np.minimum(earlier_modified, modified - 1)

    # ------------------------------------------------------------------ unusable rows (final versions)
    mess = rng.random(n)
    u = cst.MESS.unusable
    null_id = mess < u
    bad_created = (mess >= u) & (mess < 2 * u)
    weird = (mess >= 2 * u) & (mess < 3 * u)
    for mask in (null_id, bad_created, weird):
        if not mask.any() and n:
            mask[rng.integers(0, n)] = True
    status_final = np.where(weird, WEIRD, status)

    tid = identity_tid(b, n)
    other_city = rng.random(n) < cst.MESS.attribute_conflict * 2
    city = np.where(other_city, rng.integers(0, N_CITIES, n), persons.city[o.person])
    receiver_mobile = np.where(
        (persons.mobile2[o.person] > 0) & (rng.random(n) < 0.3), persons.mobile2[o.person], persons.mobile[o.person]
    )
    receiver_mobile = np.where(rng.random(n) < 0.04, messy.typo_mobiles(rng, n), receiver_mobile)
    first_char = pc.utf8_slice_codeunits(persons.name.take(pa.array(o.person)), 0, 1)
    post = np.where((o.net < 9900) & (rng.random(n) < 0.5), rng.choice([800, 1000, 1200], n), 0)
    buyer = identity.buyer_open_uid(pid)

    def trade_rows(idx: np.ndarray, earlier: np.ndarray) -> dict[str, pa.Array]:
        st = np.where(earlier, earlier_status[idx], status_final[idx])
        mod = np.where(earlier, earlier_modified[idx], modified[idx])
        pay_t = pay_time[idx]
        end_t = np.where(earlier & ~same_status[idx], -1, end_time[idx])
        tid_col = tid.take(pa.array(idx))
        nulls = null_id[idx] & ~earlier
        tid_col = text.choose(
            np.where(nulls, np.where(idx % 2 == 0, 1, 2), 0),
            {0: lambda i: tid_col.take(pa.array(i)), 1: lambda i: None, 2: lambda i: pa.array([""] * i.size)},
            pa.string(),
        )
        created_col = text.datetimes(o.created[idx])
        bad = bad_created[idx] & ~earlier
        if bad.any():
            created_col = text.choose(
                bad.astype(np.int8),
                {
                    0: lambda i: created_col.take(pa.array(i)),
                    1: lambda i: messy.unparseable(rng, cst.BAD_DATES, i.size),
                },
                pa.string(),
            )
        return {
            "tid": tid_col,
            "app_key": pa.repeat(pa.scalar(cst.TMALL_APP_KEY), idx.size),
            "seller_nick": text.pool_take(SHOP_NICK, shop[idx]),
            "shop_type": text.pool_take(SHOP_TYPE, shop[idx]),
            "buyer_open_uid": buyer.take(pa.array(idx)),
            "receiver_oaid": identity.oaid(pid[idx], o.created[idx] // (7 * DAY)),
            "receiver_name": pc.binary_join_element_wise(first_char.take(pa.array(idx)), "**", ""),
            "receiver_mobile": messy.masked(receiver_mobile[idx]),
            "receiver_state": CITY_PROVINCE.take(pa.array(city[idx])),
            "receiver_city": CITY_NAME.take(pa.array(city[idx])),
            "status": text.pool_take(STATUS, st),
            "total_fee": text.yuan(o.goods[idx]),
            "discount_fee": text.yuan(o.item_discount[idx] + o.coupon[idx]),
            "post_fee": text.yuan(post[idx]),
            "payment": text.yuan(o.net[idx] + post[idx]),
            "created": created_col,
            "pay_time": text.datetimes(pay_t, null=(pay_t < 0) | (earlier & (earlier_status[idx] == WAIT_PAY))),
            "end_time": text.datetimes(np.maximum(end_t, 0), null=end_t < 0),
            "modified": text.datetimes(mod),
        }

    main_idx, main_earlier = versions.main_rows()
    b.emit("tmall", "trades", trade_rows(main_idx, main_earlier))
    late_idx = versions.late_rows()
    b.emit("tmall", "trades", trade_rows(late_idx, np.zeros(late_idx.size, bool)), late=True)

    # ------------------------------------------------------------------ sub-orders (latest state, one row per oid)
    oid = identity_oid(b, lo.size)
    model = b.world.catalog.sku_model[o.sku]
    num_iid = text.choose(
        shop[lo],
        {s: (lambda i, s=s: b.world.catalog.num_iid[SHOP_TYPE[s]].take(pa.array(model[i]))) for s in (0, 1)},
        pa.string(),
    )
    outer = b.world.catalog.sku.take(pa.array(o.sku))
    outer = text.choose(
        (rng.random(lo.size) < 0.003).astype(np.int8),
        {0: lambda i: outer.take(pa.array(i)), 1: lambda i: pa.array([""] * i.size)},
        pa.string(),
    )
    line_status = np.where(weird[lo] & (line_status == status[lo]), WEIRD, line_status)
    columns = {
        "oid": oid,
        "tid": tid.take(pa.array(lo)),
        "num_iid": num_iid,
        "outer_sku_id": outer,
        "title": b.world.catalog.model_title.take(pa.array(model)),
        "price": text.yuan(o.price),
        "num": o.qty,
        "total_fee": text.yuan(o.line_gross - o.line_discount),
        "discount_fee": text.yuan(o.line_discount),
        "payment": text.yuan(o.line_net),
        "refund_status": text.pool_take(REFUND, refund_status),
        "refund_fee": text.yuan(refund_fee),
        "status": text.pool_take(STATUS, line_status),
        "modified": text.datetimes(line_modified),
    }
    late_line = versions.late_new[lo]
    b.emit("tmall", "orders", {k: _take(v, ~late_line) for k, v in columns.items()})
    b.emit("tmall", "orders", {k: _take(v, late_line) for k, v in columns.items()}, late=True)

    seen = np.unique(o.person)
    b.truth_rows(
        "tmall_buyer_open_uid",
        cst.TMALL_APP_KEY,
        identity.buyer_open_uid(persons.person_id[seen]),
        persons.person_id[seen],
    )
    members(b)


def _take(values: pa.Array | np.ndarray, mask: np.ndarray) -> pa.Array | np.ndarray:
    if isinstance(values, np.ndarray):
        return values[mask]
    return values.filter(pa.array(mask))


def identity_tid(b: Batch, n: int) -> pa.Array:
    return ids.numeric(b.uid("tmall_tid", n), 31, "1", 18)


def identity_oid(b: Batch, n: int) -> pa.Array:
    return ids.numeric(b.uid("tmall_oid", n), 32, "2", 18)


def members(b: Batch) -> None:
    """会员通 bindings: one row per person and shop joined."""
    rng, cal, persons = b.stream("tmall.members"), b.cal, b.persons
    who, shop = np.nonzero(persons.tmall_member)
    n = who.size
    pid = persons.person_id[who]
    use_m2 = (persons.mobile2[who] > 0) & (rng.random(n) < 0.25)
    mobile = np.where(use_m2, persons.mobile2[who], persons.mobile[who])
    typed, kind = messy.typed_mobiles(
        rng,
        mobile,
        formatted_share=cst.MESS.phone_formatted,
        junk_share=cst.MESS.phone_junk_member,
        typo_share=cst.MESS.typo_mobile,
    )
    visible = rng.random(n) < 0.9
    bind = persons.acquired[who] + (rng.random(n) * np.minimum(60 * DAY, cal.end - persons.acquired[who])).astype(
        np.int64
    )
    bind = np.minimum(bind, cal.end - 1)
    unbound = rng.random(n) < 0.04
    unbind = later(rng, bind, 400 * DAY, cal.end, 60)
    grade = np.minimum((persons.spend[who] * rng.uniform(0.5, 2.0, n)).astype(np.int64), 3)
    modified = np.where(unbound, unbind, later(rng, bind, 200 * DAY, cal.end))
    buyer = identity.buyer_open_uid(pid)
    b.emit(
        "tmall",
        "members",
        {
            "seller_nick": text.pool_take(SHOP_NICK, shop),
            "ouid": identity.ouid(pid, shop),
            "omid": identity.omid(pid),
            "buyer_open_uid": text.with_nulls(buyer, ~visible),
            "app_key": pa.repeat(pa.scalar(cst.TMALL_APP_KEY), n),
            "mobile": typed,
            "grade": text.pool_take(GRADES, grade),
            "points": rng.integers(0, 5000, n) * (rng.random(n) < 0.85),
            "bind_time": text.datetimes(bind),
            "unbind_time": text.datetimes(unbind, null=~unbound),
            "modified": text.datetimes(modified),
        },
    )
    b.truth_rows("tmall_ouid", text.pool_take(SHOP_NICK, shop), identity.ouid(pid, shop), pid)
    first = np.unique(who, return_index=True)[1]
    b.truth_rows("tmall_omid", cst.BRAND_CODE, identity.omid(pid[first]), pid[first])
    b.truth_rows("tmall_buyer_open_uid", cst.TMALL_APP_KEY, buyer.filter(pa.array(visible)), pid[visible])
    real = kind == messy.REAL
    b.truth_rows("mobile", cst.MOBILE_SCOPE, identity.mobile_strings(mobile[real]), pid[real])
