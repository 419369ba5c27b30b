"""Store POS: member cards, receipts (sales and returns) and receipt lines. Stores are in world.py."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import constants as cst
from . import identity, ids, messy, reference, text
from .context import Batch
from .orders import make_orders, plan_versions
from .population import STORE, hours
from .world import DAY, Stores, later

TIERS = ("普卡", "银卡", "金卡", "钻石卡")
POPUP_LOCAL_SHARE = 0.15
"""Share of the store visits of a pop-up's city that go to the pop-up while it is open."""
POPUP_FIRST_VISIT_SHARE = 0.4
"""The same for a person's first store visit: pop-ups are where a brand meets new customers."""
CHILD_BIRTHDAY_FILLED = 0.7
"""Share of parents' cards on which the optional child's birthday field (宝宝生日) was filled in."""
SEQ_PER_BATCH = 20_000_000


def _visit_store(
    rng: np.random.Generator, stores: Stores, home: np.ndarray, day: np.ndarray, first_visit: np.ndarray
) -> np.ndarray:
    """Mostly the home store, sometimes another (travel, a pop-up, above all one in the home city); a closed store
    sends people to its city's anchor."""
    n = home.size
    regular = np.flatnonzero(stores.kind != 2)
    popups = np.flatnonzero(stores.kind == 2)
    store = home.copy()
    travel = rng.random(n) < 0.12
    store[travel] = regular[rng.integers(0, regular.size, int(travel.sum()))]
    if popups.size:
        pop = rng.random(n) < 0.03
        cand = popups[rng.integers(0, popups.size, n)]
        store = np.where(pop & stores.is_open(cand, day), cand, store)
        # shoppers of the pop-up's city drop in while it is open
        local = rng.random(n) < np.where(first_visit, POPUP_FIRST_VISIT_SHARE, POPUP_LOCAL_SHARE)
        for p in popups:
            store[local & (stores.city[home] == stores.city[p]) & stores.is_open(np.full(n, p), day)] = p
    store = np.where(stores.is_open(store, day), store, stores.anchor[store])
    return _visit_featured(rng, stores, store, day)


FEATURED_MIN_VISITS = 3


def _visit_featured(rng: np.random.Generator, stores: Stores, store: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Every featured store (the franchise, the pop-up, the closed store) has sales whenever the batch has store
    sales on its open days: if no visit went there, a few visits on its open days move to it, from its own city
    when there are some."""
    store = store.copy()
    for s in stores.featured:
        if (store == s).any():
            continue
        open_then = stores.is_open(np.full(day.size, s), day)
        same_city = open_then & (stores.city[store] == stores.city[s])
        candidates = np.flatnonzero(same_city if same_city.any() else open_then)
        if candidates.size:
            moved = rng.choice(candidates, size=min(FEATURED_MIN_VISITS, candidates.size), replace=False)
            store[moved] = s
    return store


def build(b: Batch) -> None:
    rng, cal, persons, pur = b.stream("pos.receipts"), b.cal, b.persons, b.purchases
    stores, staff = b.world.stores, b.world.staff
    sel = pur.channel == STORE
    person, time = pur.person[sel], pur.time[sel]
    o = make_orders(rng, b.world.catalog, persons, person, time, np.ones(person.size, bool), coupon_scale=0.6)
    n, end = o.n, cal.end
    person, time = o.person, o.created
    day = time // DAY
    home = np.where(persons.home_store[person] >= 0, persons.home_store[person], stores.anchor[0])
    first_visit = np.full(persons.n, np.iinfo(np.int64).max)
    np.minimum.at(first_visit, person, time)
    store = _visit_store(rng, stores, home, day, time == first_visit[person])

    # ------------------------------------------------------------------ cards
    holder = persons.card
    first_store = np.full(persons.n, -1)
    first_rows = np.unique(person, return_index=True)
    first_store[first_rows[0]] = store[first_rows[1]]
    no_visit = first_visit == np.iinfo(np.int64).max
    span = np.maximum(cal.end - persons.acquired, DAY)
    signup = persons.acquired + (rng.random(persons.n) * span * 0.5).astype(np.int64)
    signup = (signup // DAY) * DAY + hours(rng, reference.STORE_HOURS, persons.n)
    reg1 = np.where(no_visit, signup, first_visit)
    reg1 = np.minimum(reg1, end - 1)
    home_all = np.where(persons.home_store >= 0, persons.home_store, stores.anchor[0])
    store1 = np.where(first_store >= 0, first_store, home_all)
    store1 = np.where(stores.is_open(store1, reg1 // DAY), store1, stores.anchor[store1])
    has2 = holder & persons.second_card & (reg1 < end - 40 * DAY)
    reg2 = reg1 + 30 * DAY + (rng.random(persons.n) * np.maximum(end - reg1 - 31 * DAY, 1)).astype(np.int64)
    reg2 = (np.minimum(reg2, end - 1) // DAY) * DAY + hours(rng, reference.STORE_HOURS, persons.n)
    other = rng.integers(0, stores.n, persons.n)
    other = np.where(other == store1, (other + 1) % stores.n, other)
    store2 = np.where(stores.is_open(other, reg2 // DAY), other, stores.anchor[other])

    # ------------------------------------------------------------------ receipts: who, card, mobile
    card_k = np.full(n, -1)
    presents = holder[person] & (time >= reg1[person]) & ((rng.random(n) < 0.9) | (time == reg1[person]))
    card_k[presents] = 0
    use2 = presents & has2[person] & (time >= reg2[person]) & (rng.random(n) < 0.8)
    card_k[use2] = 1
    pid = persons.person_id[person]
    card_col = identity.card_no(pid, np.maximum(card_k, 0))
    walk_in = card_k < 0
    bait_clerk = staff.bait_clerk[store]
    u = rng.random(n)
    # what the cashier typed: 0 nothing, 1 the customer's mobile, 2 the clerk's own mobile, 3 junk
    typed_kind = np.where(walk_in, np.where(u < 0.1, 1, np.where(u < 0.13, 3, 0)), np.where(u < 0.35, 1, 0))
    clerk_typed = walk_in & (bait_clerk >= 0) & (rng.random(n) < cst.MESS.clerk_phone_walkin)
    typed_kind = np.where(clerk_typed, 2, typed_kind)
    own_mobile = persons.mobile[person]
    phone_fmt = np.where(rng.random(n) < cst.MESS.phone_formatted, rng.integers(1, 8, n), messy.PLAIN)
    clerk_mobile = staff.mobile[np.maximum(bait_clerk, 0)]
    junk = rng.integers(0, len(cst.JUNK_PHONES), n)
    mobile_col = text.choose(
        typed_kind,
        {
            0: lambda i: None,
            1: lambda i: messy.formatted(own_mobile[i], phone_fmt[i]),
            2: lambda i: messy.formatted(clerk_mobile[i], np.where(phone_fmt[i] == 5, 5, 0)),
            3: lambda i: text.pool_take(cst.JUNK_PHONES, junk[i]),
        },
        pa.string(),
    )
    b.staff_mobile_used[np.unique(bait_clerk[typed_kind == 2])] = True
    cashier = staff.store_first[store] + (rng.random(n) * staff.store_count[store]).astype(np.int64)
    synced = np.minimum(time + rng.integers(60, 1800, n), end - 1)

    # ------------------------------------------------------------------ returns
    ret_delay = np.where(rng.random(n) < 0.15, rng.integers(20, 60, n) * DAY, (1 + rng.exponential(6, n)) * DAY)
    ret_time = (time + ret_delay).astype(np.int64)
    ret_time = (ret_time // DAY) * DAY + hours(rng, reference.STORE_HOURS, n)
    returned = (rng.random(n) < 0.05) & (ret_time < end - 3600)
    if n and not returned.any():
        returned[int(np.argmin(time))] = True
        ret_time = np.where(returned, np.minimum(ret_time, end - 3600), ret_time)
    ret_other = rng.random(n) < 0.3
    ret_store = np.where(ret_other, (store + 1 + rng.integers(0, max(stores.n - 1, 1), n)) % stores.n, store)
    ret_store = np.where(stores.is_open(ret_store, ret_time // DAY), ret_store, stores.anchor[ret_store])
    if stores.n > 1 and returned.any() and not (returned & (ret_store != store)).any():  # one cross-store return
        first = int(np.flatnonzero(returned)[0])
        anchors = np.unique(stores.anchor)
        ret_store[first] = anchors[anchors != store[first]][0]
    ret_idx = np.flatnonzero(returned)
    lo = o.line_order
    whole = rng.random(n) < 0.6
    one_line = o.first_line + (rng.random(n) * o.line_count).astype(np.int64)
    line_returned = returned[lo] & (whole[lo] | (np.arange(lo.size) == one_line[lo]))

    # ------------------------------------------------------------------ versions and unusable rows
    versions = plan_versions(rng, cal, time, late=True)
    card_later = versions.resync & ~walk_in & (rng.random(n) < 0.5)
    synced_late = np.minimum(time + rng.integers(DAY, 6 * DAY, n), end - 1)
    final_synced = np.where(versions.late_new, synced_late, synced)
    final_synced = np.where(
        versions.resync | versions.late_update, final_synced + rng.integers(600, 3 * DAY, n), final_synced
    )
    final_synced = np.minimum(final_synced, end - 1)
    earlier_synced = np.minimum(synced, final_synced - 1)
    m = rng.random(n)
    uu = cst.MESS.unusable
    null_no, bad_time = m < uu, (m >= uu) & (m < 2 * uu)
    for mask in (null_no, bad_time):
        if n and not mask.any():
            mask[rng.integers(0, n)] = True

    receipt_no = _receipt_no(b, stores, store, day, n)
    store_codes = pa.array(stores.code, pa.string())
    cashier_ids = staff.cashier_id

    def receipt_rows(idx: np.ndarray, earlier: np.ndarray) -> dict[str, pa.Array]:
        no = receipt_no.take(pa.array(idx))
        nulls = null_no[idx] & ~earlier
        no = text.choose(
            np.where(nulls, 1 + idx % 2, 0),
            {0: lambda i: no.take(pa.array(i)), 1: lambda i: None, 2: lambda i: pa.array([""] * i.size)},
            pa.string(),
        )
        bt = text.datetimes(time[idx], "/")
        bad = bad_time[idx] & ~earlier
        bt = text.choose(
            bad.astype(np.int8),
            {0: lambda i: bt.take(pa.array(i)), 1: lambda i: messy.unparseable(rng, cst.BAD_POS_TIMES, i.size)},
            pa.string(),
        )
        card = text.with_nulls(card_col.take(pa.array(idx)), walk_in[idx] | (earlier & card_later[idx]))
        return {
            "receipt_no": no,
            "store_code": store_codes.take(pa.array(store[idx])),
            "card_no": card,
            "mobile": mobile_col.take(pa.array(idx)),
            "receipt_type": pa.repeat(pa.scalar("SALE"), idx.size),
            "original_receipt_no": pa.nulls(idx.size, pa.string()),
            "business_time": bt,
            "total_amount": o.goods[idx] / 100.0,
            "discount_amount": (o.item_discount[idx] + o.coupon[idx]) / 100.0,
            "paid_amount": o.net[idx] / 100.0,
            "cashier_id": cashier_ids.take(pa.array(cashier[idx])),
            "synced_at": text.datetimes(np.where(earlier, earlier_synced[idx], final_synced[idx])),
        }

    main_idx, main_earlier = versions.main_rows()
    b.emit("pos", "receipts", receipt_rows(main_idx, main_earlier))
    late_idx = versions.late_rows()
    b.emit("pos", "receipts", receipt_rows(late_idx, np.zeros(late_idx.size, bool)), late=True)

    # return receipts
    k = ret_idx.size
    ret_no = _receipt_no(b, stores, ret_store[ret_idx], ret_time[ret_idx] // DAY, k)
    r_lines = np.flatnonzero(line_returned)
    r_owner = np.searchsorted(ret_idx, lo[r_lines])
    gross = np.bincount(r_owner, o.line_gross[r_lines], minlength=k)
    disc = np.bincount(r_owner, (o.line_discount + o.line_coupon)[r_lines], minlength=k)
    r_cashier = staff.store_first[ret_store[ret_idx]] + (rng.random(k) * staff.store_count[ret_store[ret_idx]]).astype(
        np.int64
    )
    b.emit(
        "pos",
        "receipts",
        {
            "receipt_no": ret_no,
            "store_code": store_codes.take(pa.array(ret_store[ret_idx])),
            "card_no": text.with_nulls(card_col.take(pa.array(ret_idx)), walk_in[ret_idx]),
            "mobile": mobile_col.take(pa.array(ret_idx)),
            "receipt_type": pa.repeat(pa.scalar("RETURN"), k),
            "original_receipt_no": receipt_no.take(pa.array(ret_idx)),
            "business_time": text.datetimes(ret_time[ret_idx], "/"),
            "total_amount": gross / 100.0,
            "discount_amount": disc / 100.0,
            "paid_amount": (gross - disc) / 100.0,
            "cashier_id": cashier_ids.take(pa.array(r_cashier)),
            "synced_at": text.datetimes(np.minimum(ret_time[ret_idx] + rng.integers(60, 1800, k), end - 1)),
        },
    )

    # lines (sales, then returns)
    qty = o.qty.copy()
    negative = messy.pick_rows(rng, lo.size, cst.MESS.unusable)
    qty[negative] = -qty[negative]
    catalog_sku = b.world.catalog.sku
    columns = {
        "receipt_no": receipt_no.take(pa.array(lo)),
        "line_no": o.line_seq,
        "sku": catalog_sku.take(pa.array(o.sku)),
        "quantity": qty,
        "unit_price": o.price / 100.0,
        "discount_amount": (o.line_discount + o.line_coupon) / 100.0,
        "line_amount": o.line_net / 100.0,
    }
    late_line = versions.late_new[lo]
    b.emit("pos", "receipt_lines", {c: _filter(v, ~late_line) for c, v in columns.items()})
    b.emit("pos", "receipt_lines", {c: _filter(v, late_line) for c, v in columns.items()}, late=True)
    r_seq = np.arange(r_lines.size) - np.searchsorted(r_owner, r_owner) + 1
    b.emit(
        "pos",
        "receipt_lines",
        {
            "receipt_no": ret_no.take(pa.array(r_owner)),
            "line_no": r_seq,
            "sku": catalog_sku.take(pa.array(o.sku[r_lines])),
            "quantity": o.qty[r_lines],
            "unit_price": o.price[r_lines] / 100.0,
            "discount_amount": (o.line_discount + o.line_coupon)[r_lines] / 100.0,
            "line_amount": o.line_net[r_lines] / 100.0,
        },
    )
    own = typed_kind == 1
    b.truth_rows("mobile", cst.MOBILE_SCOPE, identity.mobile_strings(own_mobile[own]), pid[own])
    cards(b, reg1, store1, has2, reg2, store2)


def _filter(values: pa.Array | np.ndarray, mask: np.ndarray) -> pa.Array | np.ndarray:
    return values[mask] if isinstance(values, np.ndarray) else values.filter(pa.array(mask))


def _receipt_no(b: Batch, stores: Stores, store: np.ndarray, day: np.ndarray, n: int) -> pa.Array:
    """Store code + yymmdd + a 9-digit serial unique across the run."""
    y, m, d = text.civil(day)
    serial = ids.permute_range(b.serial("receipt", n, SEQ_PER_BATCH), 10**9, 51)
    codes = np.frombuffer("".join(stores.code).encode(), dtype=np.uint8).reshape(stores.n, 5)
    return text.fixed(
        n, [codes[store], text.digits(y % 100, 2), text.digits(m, 2), text.digits(d, 2), text.digits(serial, 9)]
    )


def cards(
    b: Batch, reg1: np.ndarray, store1: np.ndarray, has2: np.ndarray, reg2: np.ndarray, store2: np.ndarray
) -> None:
    rng, cal, persons, stores, staff = b.stream("pos.cards"), b.cal, b.persons, b.world.stores, b.world.staff
    h1 = np.flatnonzero(persons.card)
    h2 = np.flatnonzero(has2)
    who = np.concatenate([h1, h2])
    k = np.concatenate([np.zeros(h1.size, np.int64), np.ones(h2.size, np.int64)])
    reg = np.concatenate([reg1[h1], reg2[h2]])
    store = np.concatenate([store1[h1], store2[h2]])
    order = np.argsort(reg, kind="stable")
    who, k, reg, store = who[order], k[order], reg[order], store[order]
    n = who.size
    pid = persons.person_id[who]
    mobile = np.where(
        (k == 1) & (persons.mobile2[who] > 0) & (rng.random(n) < 0.5), persons.mobile2[who], persons.mobile[who]
    )
    typed, kind = messy.typed_mobiles(
        rng,
        mobile,
        formatted_share=cst.MESS.phone_formatted,
        junk_share=cst.MESS.phone_junk_card,
        typo_share=cst.MESS.typo_mobile,
    )
    clerk = staff.bait_clerk[store]
    clerk_card = (clerk >= 0) & (rng.random(n) < cst.MESS.clerk_phone_card)
    if n and not clerk_card.any() and (clerk >= 0).any():
        clerk_card[int(np.flatnonzero(clerk >= 0)[0])] = True
    typed = text.choose(
        clerk_card.astype(np.int8),
        {0: lambda i: typed.take(pa.array(i)), 1: lambda i: identity.mobile_strings(staff.mobile[clerk[i]])},
        pa.string(),
    )
    b.staff_mobile_used[np.unique(clerk[clerk_card])] = True
    kind = np.where(clerk_card, messy.OTHER, kind)
    name = persons.name.take(pa.array(who))
    polite = rng.random(n) < 0.03
    surname = pc.utf8_slice_codeunits(name, 0, 1)
    title = text.pool_take(("", "先生", "女士"), persons.gender[who])
    name = pc.if_else(pa.array(polite), text.join(surname, title), name)
    tier = np.minimum((persons.spend[who] * rng.uniform(0.4, 2.2, n)).astype(np.int64), 3)
    expire = reg // DAY + 730 + rng.integers(0, 366, n)
    updated = later(rng, reg, 400 * DAY, cal.end)
    versions = plan_versions(rng, cal, reg, late=False)
    idx, earlier = versions.main_rows()
    updated_final = later(rng, updated, 90 * DAY, cal.end, 60)
    upd = np.where(earlier, updated[idx], np.where(versions.resync[idx], updated_final[idx], updated[idx]))
    tier_rows = np.where(earlier, np.maximum(tier[idx] - 1, 0), tier[idx])
    points = rng.integers(0, 8000, n)
    store_codes = pa.array(stores.code, pa.string())
    card_col = identity.card_no(pid, k)
    gender = messy.typed_gender(rng, persons.gender[who], cst.MESS.attribute_conflict)
    birthday = messy.typed_birthday(rng, persons.birthday[who], cst.MESS.attribute_conflict, cst.MESS.junk_birthday)
    child_birthday = _typed_child_birthdays(rng, persons.child_birthday[who], upd // DAY, idx)
    at = pa.array(idx)
    b.emit(
        "pos",
        "member_cards",
        {
            "card_no": card_col.take(at),
            "mobile": typed.take(at),
            "name": name.take(at),
            "gender": gender.take(at),
            "birthday": birthday.take(at),
            "child_birthday": child_birthday,
            "register_store_code": store_codes.take(pa.array(store[idx])),
            "register_time": text.datetimes(reg[idx]),
            "tier": text.pool_take(TIERS, tier_rows),
            "points": np.where(earlier, points[idx] // 2, points[idx]),
            "expire_date": text.dates(expire[idx]),
            "updated_at": text.datetimes(upd),
        },
    )
    b.truth_rows("pos_card_no", cst.BRAND_CODE, card_col, pid)
    real = kind == messy.REAL
    b.truth_rows("mobile", cst.MOBILE_SCOPE, identity.mobile_strings(mobile[real]), pid[real])


def _typed_child_birthdays(
    rng: np.random.Generator, child_day: np.ndarray, row_day: np.ndarray, row_card: np.ndarray
) -> pa.Array:
    """The child's birthday (宝宝生日) on each card row: the same child on all of a parent's cards, typed per card as
    freely as the holder's birthday (formats, junk, left empty), written on about CHILD_BIRTHDAY_FILLED of the
    parents' cards and only on rows last updated after the child was born."""
    filled = (child_day >= 0) & (rng.random(child_day.size) < CHILD_BIRTHDAY_FILLED)
    typed = messy.typed_birthday(rng, np.maximum(child_day, 0), 0.0, cst.MESS.junk_birthday)
    day = child_day[row_card]
    return text.with_nulls(typed.take(pa.array(row_card)), ~filled[row_card] | (day > row_day))
