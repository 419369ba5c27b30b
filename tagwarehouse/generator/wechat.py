"""WeChat: official-account followers, mini-program users and mall orders, WeCom external contacts.

Apps: the official account and the main mini program are bound to the Open Platform (unionids comparable); the
legacy mini program is not (openid only). A person has one openid per app and account, one unionid per account;
a few have a second WeChat account bound to the same phone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import constants as cst
from . import identity, ids, messy, reference, text
from .context import Batch, int_column
from .identity import APPIDS, MP, MP_LEGACY, OA
from .orders import attempts, browser_attempts, make_orders, plan_versions
from .population import MP as MP_CHANNEL
from .population import Persons
from .world import CITY_NAME, CITY_PROVINCE, DAY, N_CITIES, later, weighted_choice

UTC_OFFSET = 8 * 3600
MP_STATUS = (
    "WAIT_PAY",
    "PAID",
    "SHIPPED",
    "COMPLETED",
    "CANCELLED",
    "REFUNDING",
    "REFUNDED",
    cst.UNKNOWN_STATUS["wechat"],
)
WAIT_PAY, PAID, SHIPPED, COMPLETED, CANCELLED, REFUNDING, REFUNDED, WEIRD = range(8)
SEQ_PER_BATCH = 20_000_000


def epoch_ms(local: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Local (Beijing) seconds to epoch milliseconds UTC, with a random millisecond part."""
    return (np.asarray(local, dtype=np.int64) - UTC_OFFSET) * 1000 + rng.integers(0, 1000, np.size(local))


def epoch_s(local: np.ndarray) -> np.ndarray:
    return np.asarray(local, dtype=np.int64) - UTC_OFFSET


def mp_first_open(b: Batch) -> np.ndarray:
    """When each person first opened the main mini program (local seconds)."""
    rng = b.stream("wechat.first_open")
    lead = (rng.random(b.persons.n) * 20 * DAY).astype(np.int64)
    return np.maximum(b.persons.acquired - lead, b.cal.start)


def build(b: Batch) -> None:
    followers(b)
    mp_users(b)
    mp_orders(b)
    wecom_contacts(b)


# ---------------------------------------------------------------------------------------------------- followers
def followers(b: Batch) -> None:
    rng, cal, persons = b.stream("wechat.followers"), b.cal, b.persons
    main = np.flatnonzero(persons.oa)
    second = np.flatnonzero(persons.oa & persons.wx_second & (rng.random(persons.n) < 0.3))
    who = np.concatenate([main, second])
    account = np.concatenate([np.zeros(main.size, np.int64), np.ones(second.size, np.int64)])
    n = who.size
    pid = persons.person_id[who]
    span = np.maximum(cal.end - persons.acquired[who], DAY)
    follow = np.minimum(
        persons.acquired[who] + (rng.random(n) * np.minimum(span, 90 * DAY)).astype(np.int64), cal.end - 1
    )
    scene_w = np.array([w for _, w in reference.OA_SCENES])
    scene = weighted_choice(rng, scene_w, n)
    scene_names = [s for s, _ in reference.OA_SCENES]
    home = persons.home_store[who]
    store_qr = (scene == 0) & (home >= 0) & (rng.random(n) < 0.8)
    codes = pa.array(b.world.stores.code, pa.string())
    qr = text.choose(
        np.where(scene == 0, np.where(store_qr, 1, 2), 0),
        {
            0: lambda i: None,
            1: lambda i: text.join("store_", codes.take(pa.array(home[i]))),
            2: lambda i: text.pool_take(
                ("campaign_double11", "campaign_618", "package_card", "live_room"), rng.integers(0, 4, i.size)
            ),
        },
        pa.string(),
    )
    unfollowed = rng.random(n) < 0.12
    unfollow_t = later(rng, follow, 500 * DAY, cal.end, 3600)
    snapshot = later(rng, np.maximum(follow, unfollow_t * unfollowed), 60 * DAY, cal.end, 1)
    has_union = rng.random(n) < 0.92
    remark_kind = np.where(rng.random(n) < 0.85, 0, 1 + rng.integers(0, len(reference.OA_REMARKS), n))
    versions = plan_versions(rng, cal, follow, late=False)
    idx, earlier = versions.main_rows()
    earlier_snapshot = np.maximum(follow, snapshot - rng.integers(3600, 30 * DAY, n))
    earlier_snapshot = np.minimum(earlier_snapshot, snapshot - 1)
    openid = identity.openid(pid, account, OA)
    unionid = text.with_nulls(identity.unionid(pid, account), ~has_union)
    at = pa.array(idx)
    b.emit(
        "wechat",
        "oa_followers",
        {
            "appid": pa.repeat(pa.scalar(cst.WECHAT_OA_APPID), idx.size),
            "openid": openid.take(at),
            "unionid": unionid.take(at),
            "subscribe": np.where(earlier, 1, 1 - unfollowed[idx]).astype(np.int64),
            "subscribe_time": epoch_s(follow[idx]),
            "subscribe_scene": text.pool_take(scene_names, scene[idx]),
            "qr_scene_str": qr.take(at),
            "remark": text.pool_take(("", *reference.OA_REMARKS), remark_kind[idx]),
            "synced_at": epoch_ms(np.where(earlier, earlier_snapshot[idx], snapshot[idx]), rng),
        },
    )
    b.truth_rows("wechat_openid", cst.WECHAT_OA_APPID, openid, pid)
    b.truth_rows(
        "wechat_unionid",
        cst.WECHAT_OPEN_PLATFORM_ID,
        identity.unionid(pid[has_union], account[has_union]),
        pid[has_union],
    )


# ---------------------------------------------------------------------------------------------------- mp users
def mp_accounts(b: Batch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(person index, account, app) of every mini-program user row."""
    p = b.persons
    main = np.flatnonzero(p.channels[:, MP_CHANNEL])
    second = np.flatnonzero(p.wx_second)
    legacy = np.flatnonzero(p.mp_legacy)
    who = np.concatenate([main, second, legacy])
    account = np.concatenate(
        [np.zeros(main.size, np.int64), np.ones(second.size, np.int64), np.zeros(legacy.size, np.int64)]
    )
    app = np.concatenate([np.full(main.size + second.size, MP), np.full(legacy.size, MP_LEGACY)])
    return who, account, app


def mp_users(b: Batch) -> None:
    rng, cal, persons = b.stream("wechat.mp_users"), b.cal, b.persons
    who, account, app = mp_accounts(b)
    n = who.size
    pid = persons.person_id[who]
    legacy = app == MP_LEGACY
    first_open = mp_first_open(b)[who]
    cutover = cal.end - cst.LEGACY_MP_CUTOVER_DAYS * DAY
    first_open = np.where(legacy, np.minimum(first_open, cutover - DAY), first_open)
    first_open = np.where(
        account == 1, np.minimum(first_open + rng.integers(30, 400, n) * DAY, cal.end - DAY), first_open
    )
    bound = np.where(account == 1, True, rng.random(n) < np.where(legacy, 0.4, 0.6))
    phone = np.where(
        (account == 0) & (persons.mobile2[who] > 0) & (rng.random(n) < 0.3), persons.mobile2[who], persons.mobile[who]
    )
    bind_t = later(rng, first_open, 60 * DAY, cal.end)
    updated = later(rng, np.maximum(bind_t, first_open), 200 * DAY, cal.end)
    has_union = ~legacy & (rng.random(n) < 0.97)
    gender_known = rng.random(n) < 0.2
    gender = np.where(rng.random(n) < cst.MESS.attribute_conflict, 3 - persons.gender[who], persons.gender[who])
    nickname = text.choose(
        np.where(rng.random(n) < 0.7, 0, 1),
        {
            0: lambda i: pa.repeat(pa.scalar(reference.DEFAULT_NICKNAME), i.size),
            1: lambda i: text.pool_take(reference.NICKNAMES, rng.integers(0, len(reference.NICKNAMES), i.size)),
        },
        pa.string(),
    )
    versions = plan_versions(rng, cal, first_open, late=False)
    phone_later = versions.resync & bound
    idx, earlier = versions.main_rows()
    final_updated = np.where(versions.resync, later(rng, updated, 30 * DAY, cal.end, 1), updated)
    earlier_updated = np.minimum(np.where(phone_later, bind_t - 1, updated), final_updated - 1)
    earlier_updated = np.maximum(earlier_updated, first_open)
    openid = text.choose(
        app,
        {a: (lambda i, a=a: identity.openid(pid[i], account[i], a)) for a in (MP, MP_LEGACY)},
        pa.string(),
    )
    unionid = text.with_nulls(identity.unionid(pid, account), ~has_union)
    phone_str = identity.mobile_strings(phone)
    at = pa.array(idx)
    no_phone = ~bound[idx] | (earlier & phone_later[idx])
    b.emit(
        "wechat",
        "mp_users",
        {
            "appid": text.pool_take(APPIDS, app[idx]),
            "openid": openid.take(at),
            "unionid": unionid.take(at),
            "phone_number": text.with_nulls(phone_str.take(at), no_phone),
            "country_code": text.with_nulls(pa.repeat(pa.scalar("86"), idx.size), no_phone),
            "nickname": nickname.take(at),
            "gender": np.where(gender_known[idx], gender[idx], 0),
            "created_at": epoch_ms(first_open[idx], rng),
            "updated_at": epoch_ms(np.where(earlier, earlier_updated[idx], final_updated[idx]), rng),
        },
    )
    b.truth_rows("wechat_openid", text.pool_take(APPIDS, app), openid, pid)
    b.truth_rows(
        "wechat_unionid",
        cst.WECHAT_OPEN_PLATFORM_ID,
        identity.unionid(pid[has_union], account[has_union]),
        pid[has_union],
    )
    b.truth_rows("mobile", cst.MOBILE_SCOPE, phone_str.filter(pa.array(bound)), pid[bound])


# ---------------------------------------------------------------------------------------------------- mp orders
def coupon_ids(created_local: np.ndarray, face_fen: np.ndarray) -> pa.Array:
    """Monthly campaign coupons: 'CP' + yymm + face value in yuan (3 digits)."""
    y, m, _ = text.civil(np.asarray(created_local) // DAY)
    return text.fixed(
        len(face_fen), ["CP", text.digits(y % 100, 2), text.digits(m, 2), text.digits(face_fen // 100, 3)]
    )


def mp_orders(b: Batch) -> None:
    rng, cal, persons, pur = b.stream("wechat.mp_orders"), b.cal, b.persons, b.purchases
    sel = pur.channel == MP_CHANNEL
    p_person, p_time = pur.person[sel], pur.time[sel]
    pick, a_time = attempts(rng, cal, p_time, 0.08, max_lead=3600)
    a_person = p_person[pick]
    browsers, n_time = browser_attempts(rng, cal, persons, persons.channels[:, MP_CHANNEL], 0.05)
    person = np.concatenate([p_person, a_person, browsers])
    created = np.concatenate([p_time, a_time, n_time])
    paid = np.concatenate([np.ones(p_person.size, bool), np.zeros(a_person.size + browsers.size, bool)])
    o = make_orders(rng, b.world.catalog, persons, person, created, paid, coupon_scale=1.4)
    n, end = o.n, cal.end
    person = o.person
    pid = persons.person_id[person]
    cutover = end - cst.LEGACY_MP_CUTOVER_DAYS * DAY
    app = np.where(persons.mp_legacy[person] & (o.created < cutover), MP_LEGACY, MP)
    account = np.where((app == MP) & persons.wx_second[person] & (rng.random(n) < 0.15), 1, 0)

    pay = o.created + rng.integers(5, 300, n)
    ship = pay + rng.integers(6 * 3600, 48 * 3600, n)
    complete = ship + rng.integers(3 * DAY, 10 * DAY, n)
    status = np.where(ship >= end, PAID, np.where(complete >= end, SHIPPED, COMPLETED))
    refund_t = np.minimum(pay + rng.integers(DAY, 15 * DAY, n), end - 1)
    full = o.paid & (rng.random(n) < 0.03) & (refund_t < end - 1)
    status = np.where(full, REFUNDED, status)
    refunding = o.paid & np.isin(status, [SHIPPED, COMPLETED]) & (o.created > end - 30 * DAY) & (rng.random(n) < 0.1)
    status = np.where(refunding, REFUNDING, status)
    young = o.created > end - 1800
    status = np.where(o.paid, status, np.where(young, WAIT_PAY, CANCELLED))
    one_line = o.first_line + (rng.random(n) * o.line_count).astype(np.int64)
    partial = (status == COMPLETED) & (o.line_count > 1) & (rng.random(n) < 0.04)
    refund_fee = np.select([full, partial, refunding], [o.net, o.line_net[one_line], o.line_net[one_line]], 0)
    refund_fee = np.where(refunding & (rng.random(n) < 0.5), 0, refund_fee)  # not refunded yet
    updated = np.select(
        [status == PAID, status == SHIPPED, status == COMPLETED, status == REFUNDED, status == CANCELLED],
        [pay, ship, complete, refund_t, np.minimum(o.created + 1800, end - 1)],
        o.created,
    )
    updated = np.where(partial, np.maximum(updated, np.minimum(complete + 3 * DAY, end - 1)), updated)
    updated = np.where(refunding, np.maximum(updated, end - rng.integers(3600, 10 * DAY, n)), updated)

    versions = plan_versions(rng, cal, o.created, late=False)
    earlier_status = np.select(
        [
            status == PAID,
            status == SHIPPED,
            status == COMPLETED,
            np.isin(status, [REFUNDED, REFUNDING]),
            status == CANCELLED,
        ],
        [WAIT_PAY, PAID, SHIPPED, PAID, WAIT_PAY],
        status,
    )
    earlier_updated = np.select([earlier_status == WAIT_PAY, earlier_status == PAID], [o.created, pay], ship)
    updated = np.maximum(updated, earlier_updated + 1)
    updated = np.minimum(updated, end - 1)
    earlier_updated = np.minimum(earlier_updated, updated - 1)

    mess = rng.random(n)
    u = cst.MESS.unusable
    null_id, seconds_not_ms, weird = mess < u, (mess >= u) & (mess < 2 * u), (mess >= 2 * u) & (mess < 3 * u)
    for mask in (null_id, seconds_not_ms, weird):
        if n and not mask.any():
            mask[rng.integers(0, n)] = True
    final_status = np.where(weird, WEIRD, status)

    order_no = text.fixed(
        n,
        [
            "WX",
            text.date_matrix(o.created // DAY, ""),
            text.digits(ids.permute_range(b.serial("mp_order", n, SEQ_PER_BATCH), 10**10, 61), 10),
        ],
    )
    coupon = coupon_ids(o.created, o.coupon)
    city = np.where(rng.random(n) < cst.MESS.attribute_conflict * 2, rng.integers(0, N_CITIES, n), persons.city[person])
    openid = text.choose(
        app, {a: (lambda i, a=a: identity.openid(pid[i], account[i], a)) for a in (MP, MP_LEGACY)}, pa.string()
    )
    created_ms = epoch_ms(o.created, rng)
    paid_ms = epoch_ms(pay, rng)
    idx, earlier = versions.main_rows()
    at = pa.array(idx)
    no = order_no.take(at)
    no = text.choose(
        np.where(null_id[idx] & ~earlier, 1 + idx % 2, 0),
        {0: lambda i: no.take(pa.array(i)), 1: lambda i: None, 2: lambda i: pa.array([""] * i.size)},
        pa.string(),
    )
    st = np.where(earlier, earlier_status[idx], final_status[idx])
    created_col = np.where(seconds_not_ms[idx] & ~earlier, created_ms[idx] // 1000, created_ms[idx])
    unpaid = ~o.paid[idx] | (earlier & (earlier_status[idx] == WAIT_PAY))
    b.emit(
        "wechat",
        "mp_orders",
        {
            "order_no": no,
            "appid": text.pool_take(APPIDS, app[idx]),
            "openid": openid.take(at),
            "status": text.pool_take(MP_STATUS, st),
            "total_fee": o.goods[idx],
            "discount_fee": (o.item_discount + o.coupon)[idx],
            "pay_fee": o.net[idx],
            "refund_fee": np.where(earlier, 0, refund_fee[idx]),
            "coupon_id": text.with_nulls(coupon.take(at), o.coupon[idx] == 0),
            "receiver_province": CITY_PROVINCE.take(pa.array(city[idx])),
            "receiver_city": CITY_NAME.take(pa.array(city[idx])),
            "created_at": created_col,
            "paid_at": int_column(paid_ms[idx], unpaid),
            "updated_at": epoch_ms(np.where(earlier, earlier_updated[idx], updated[idx]), rng),
        },
    )
    lo = o.line_order
    b.emit(
        "wechat",
        "mp_order_items",
        {
            "order_no": order_no.take(pa.array(lo)),
            "item_seq": o.line_seq,
            "sku": b.world.catalog.sku.take(pa.array(o.sku)),
            "quantity": o.qty,
            "unit_price_fee": o.price,
            "pay_fee": o.line_net,
        },
    )
    # for the events: the coupon each mini-program order redeemed
    b.shared["mp_orders"] = {
        "person": person,
        "created": o.created,
        "coupon": coupon,
        "has_coupon": o.coupon > 0,
        "order_no": order_no,
        "app": app,
        "account": account,
    }


# ---------------------------------------------------------------------------------------------------- wecom
def wecom_contacts(b: Batch) -> None:
    rng, cal, persons = b.stream("wechat.wecom"), b.cal, b.persons
    staff, stores = b.world.staff, b.world.stores
    main = np.flatnonzero(persons.wecom)
    twice = main[rng.random(main.size) < 0.08]  # added by a second staff member too
    who = np.sort(np.concatenate([main, twice]), kind="stable")
    n = who.size
    pid = persons.person_id[who]
    hq_staff = np.flatnonzero(staff.store < 0)
    home = persons.home_store[who]
    by_store = (home >= 0) & (rng.random(n) < 0.8)
    store_staff = staff.store_first[np.maximum(home, 0)] + (
        rng.random(n) * staff.store_count[np.maximum(home, 0)]
    ).astype(np.int64)
    member = np.where(by_store, store_staff, hq_staff[rng.integers(0, hq_staff.size, n)])
    again = np.r_[False, who[1:] == who[:-1]]  # the second staff member of a contact is another one
    member[again] = (member[np.flatnonzero(again) - 1] + 1 + rng.integers(0, staff.n - 1, int(again.sum()))) % staff.n
    staff_store = staff.store[member]
    span = np.maximum(cal.end - persons.acquired[who], DAY)
    added = np.minimum(persons.acquired[who] + (rng.random(n) * span).astype(np.int64), cal.end - 1)
    updated = later(rng, added, 300 * DAY, cal.end)
    add_way = np.array([1, 2, 3, 202])[weighted_choice(rng, np.array([0.6, 0.2, 0.1, 0.1]), n)]
    codes = pa.array(stores.code, pa.string())
    state = text.choose(
        np.where(staff_store >= 0, 0, 1),
        {
            0: lambda i: text.join("store_", codes.take(pa.array(staff_store[i]))),
            1: lambda i: text.pool_take(reference.WECOM_STATES, rng.integers(0, len(reference.WECOM_STATES), i.size)),
        },
        pa.string(),
    )
    account = np.where(persons.wx_second[who] & (rng.random(n) < 0.1), 1, 0)
    has_union = rng.random(n) < 0.9
    # remark mobiles: 0 none, 1 the contact's mobile, 2 two mobiles, 3 typed wrong, 4 junk
    u = rng.random(n)
    remark = np.select([u < 0.25, u < 0.28, u < 0.29, u < 0.295], [1, 2, 3, 4], 0)
    fmt = np.where(rng.random(n) < cst.MESS.phone_formatted, rng.integers(1, 8, n), messy.PLAIN)
    second = np.where(persons.mobile2[who] > 0, persons.mobile2[who], messy.typo_mobiles(rng, n))
    remark_col = text.choose(
        remark,
        {
            0: lambda i: None,
            1: lambda i: messy.formatted(persons.mobile[who[i]], fmt[i]),
            2: lambda i: text.join(
                messy.formatted(persons.mobile[who[i]], fmt[i]), ",", identity.mobile_strings(second[i])
            ),
            3: lambda i: identity.mobile_strings(messy.typo_mobiles(rng, i.size)),
            4: lambda i: text.pool_take(("null", "unknown", "-1", "无"), rng.integers(0, 4, i.size)),
        },
        pa.string(),
    )
    name = text.choose(
        np.where(rng.random(n) < 0.4, 0, 1),
        {
            0: lambda i: persons.name.take(pa.array(who[i])),
            1: lambda i: text.pool_take(reference.NICKNAMES, rng.integers(0, len(reference.NICKNAMES), i.size)),
        },
        pa.string(),
    )
    ext = identity.external_userid(pid)
    b.emit(
        "wechat",
        "wecom_contacts",
        {
            "corp_id": pa.repeat(pa.scalar(cst.WECOM_CORP_ID), n),
            "external_userid": ext,
            "unionid": text.with_nulls(identity.unionid(pid, account), ~has_union),
            "name": name,
            "staff_userid": staff.userid.take(pa.array(member)),
            "staff_name": staff.name.take(pa.array(member)),
            "store_code": text.with_nulls(codes.take(pa.array(np.maximum(staff_store, 0))), staff_store < 0),
            "add_time": epoch_s(added),
            "add_way": add_way,
            "state": state,
            "remark_mobiles": remark_col,
            "tags": wecom_tags(rng, persons, who),
            "updated_at": epoch_s(updated),
        },
    )
    b.truth_rows("wecom_external_userid", cst.WECOM_CORP_ID, ext, pid)
    b.truth_rows(
        "wechat_unionid",
        cst.WECHAT_OPEN_PLATFORM_ID,
        identity.unionid(pid[has_union], account[has_union]),
        pid[has_union],
    )
    own = (remark == 1) | (remark == 2)
    b.truth_rows("mobile", cst.MOBILE_SCOPE, identity.mobile_strings(persons.mobile[who[own]]), pid[own])
    m2 = (remark == 2) & (persons.mobile2[who] > 0)
    b.truth_rows("mobile", cst.MOBILE_SCOPE, identity.mobile_strings(persons.mobile2[who[m2]]), pid[m2])


def _tag_object(group: str, tag: str) -> str:
    return json.dumps({"group": group, "tag": tag}, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class _TagPool:
    """Every tag as a JSON object string: the canonical ones (in TAG_VARIANTS order), then per canonical tag its
    variants (mapped by the synonym seed), then its typos (not mapped), then the free-text tags."""

    objects: list[str]
    variant_start: np.ndarray  # per canonical tag
    variant_count: np.ndarray
    typo_start: np.ndarray
    typo_count: np.ndarray
    free_start: int
    free_count: int


def _tag_pool() -> _TagPool:
    canonical = [(g, t) for g, tags in reference.TAG_VARIANTS.items() for t in tags]
    objects = [_tag_object(g, t) for g, t in canonical]
    starts: dict[str, list[int]] = {"variant": [], "typo": []}
    counts: dict[str, list[int]] = {"variant": [], "typo": []}
    for kind, spellings in (("variant", reference.TAG_VARIANTS), ("typo", reference.TAG_TYPOS)):
        for group, tag in canonical:
            others = spellings.get(group, {}).get(tag, ())
            starts[kind].append(len(objects))
            counts[kind].append(len(others))
            objects.extend(_tag_object(group, o) for o in others)
    free_start = len(objects)
    objects.extend(_tag_object(g, t) for g, t in reference.TAG_FREE_TEXT)
    return _TagPool(
        objects=objects,
        variant_start=np.array(starts["variant"]),
        variant_count=np.array(counts["variant"]),
        typo_start=np.array(starts["typo"]),
        typo_count=np.array(counts["typo"]),
        free_start=free_start,
        free_count=len(reference.TAG_FREE_TEXT),
    )


_POOL = _tag_pool()
_GROUP_OFFSET = np.cumsum([0] + [len(t) for t in reference.TAG_VARIANTS.values()])[:-1]


def wecom_tags(rng: np.random.Generator, persons: Persons, who: np.ndarray) -> pa.Array:
    """JSON arrays of staff-entered tags from the person's true traits, a few typed as variants the synonym seed
    maps, a few misspelt in ways it does not know, and on some contacts one free-text tag outside the dictionary."""
    n = who.size
    # canonical tag per group from the truth: skin, size, occasion, style, spend
    truth = (
        np.stack(
            [
                persons.skin[who],
                persons.clothing_size[who],
                persons.occasion[who],
                persons.style[who],
                persons.spend_level[who],
            ],
            axis=1,
        )
        + _GROUP_OFFSET
    )
    chosen = truth
    variant = rng.random(truth.shape) < cst.MESS.tag_variant
    pick_variant = _POOL.variant_start[chosen] + (rng.random(truth.shape) * _POOL.variant_count[chosen]).astype(
        np.int64
    )
    chosen = np.where(variant, pick_variant, chosen)
    present = rng.random(truth.shape) < np.array([0.5, 0.6, 0.4, 0.35, 0.3])
    present[np.arange(n), rng.integers(0, truth.shape[1], n)] |= rng.random(n) < 0.6
    typo = (rng.random(truth.shape) < cst.MESS.tag_typo) & (_POOL.typo_count[truth] > 0)
    pick_typo = _POOL.typo_start[truth] + (rng.random(truth.shape) * _POOL.typo_count[truth]).astype(np.int64)
    chosen = np.where(typo, pick_typo, chosen)
    free = _POOL.free_start + rng.integers(0, _POOL.free_count, n)
    has_free = rng.random(n) < cst.MESS.tag_free_text
    chosen = np.concatenate([chosen, free[:, None]], axis=1)
    present = np.concatenate([present, has_free[:, None]], axis=1)
    pool = pa.array(_POOL.objects, pa.string())
    pieces = [pa.repeat(pa.scalar("["), n)]
    any_before = np.zeros(n, bool)
    for g in range(chosen.shape[1]):
        sep = text.pool_take(("", ","), (any_before & present[:, g]).astype(np.int64))
        obj = text.with_nulls(pool.take(pa.array(chosen[:, g])), ~present[:, g])
        piece = text.join(sep, obj)
        pieces.append(text.pc.fill_null(piece, ""))
        any_before |= present[:, g]
    pieces.append(pa.repeat(pa.scalar("]"), n))
    return text.join(*pieces)
