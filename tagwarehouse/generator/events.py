"""Behaviour events of the mini programs and ads, built as sessions so the AIPL funnel shows: ads and browsing
(awareness, interest) come before purchases, shares and comments after; many people only browse.

Session kinds: a session shortly before each purchase of a mini-program user (the purchased SKU viewed, often
carted), browsing sessions (Poisson in the person's engagement), single events (follow, comment, share after a
purchase, coupon redemption of a mini-program order) and anonymous ad impressions of anyone.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import constants as cst
from . import identity, ids, reference, text
from .context import Batch
from .identity import APPIDS, MP, MP_LEGACY
from .orders import promo_depth
from .population import CATEGORY_WEIGHTS
from .population import MP as MP_CHANNEL
from .wechat import coupon_ids, epoch_ms, mp_first_open
from .world import DAY, weighted_choice

TYPES = (
    "ad_impression",
    "ad_click",
    "app_launch",
    "page_view",
    "search",
    "product_view",
    "favorite",
    "add_to_cart",
    "coupon_claim",
    "share",
    "live_watch",
    "mini_game_play",
    "follow",
    "comment",
    "coupon_redeem",
)
(IMPRESSION, CLICK, LAUNCH, PAGE, SEARCH, VIEW, FAVORITE, CART, CLAIM, SHARE, LIVE, GAME, FOLLOW, COMMENT, REDEEM) = (
    range(len(TYPES))
)
BROWSE_RATE = 1 / 65  # browsing sessions per day at engagement 1
PRE, BROWSE, SINGLE, ANON = range(4)


def build(b: Batch) -> None:
    rng, cal, persons, pur = b.stream("wechat.events"), b.cal, b.persons, b.purchases
    n_types = len(TYPES)
    mp_user = persons.channels[:, MP_CHANNEL]
    first_open = mp_first_open(b)

    # ------------------------------------------------------------------ sessions
    # before purchases
    buy_ok = mp_user[pur.person] & (pur.time >= first_open[pur.person])
    pre = buy_ok & (rng.random(pur.n) < np.where(pur.channel == MP_CHANNEL, 0.95, 0.6))
    pre_person = pur.person[pre]
    pre_time = pur.time[pre] - rng.integers(300, 2 * 3600, int(pre.sum()))
    pre_is_mp = pur.channel[pre] == MP_CHANNEL
    # browsing
    users = np.flatnonzero(mp_user)
    active_days = (cal.end - first_open[users]) / DAY
    k = rng.poisson(persons.engagement[users] * BROWSE_RATE * active_days)
    br_person = np.repeat(users, k)
    br_time = first_open[br_person] + (rng.random(br_person.size) * (cal.end - first_open[br_person])).astype(np.int64)
    # single events after purchases and follows
    post = buy_ok & (rng.random(pur.n) < 0.16)
    post_type = np.where(rng.random(int(post.sum())) < 0.6, COMMENT, SHARE)
    post_time = pur.time[post] + rng.integers(DAY, 15 * DAY, int(post.sum()))
    keep = post_time < cal.end
    post_person, post_type, post_time = pur.person[post][keep], post_type[keep], post_time[keep]
    fol = np.flatnonzero(mp_user & persons.oa & (rng.random(persons.n) < 0.6))
    fol_time = first_open[fol] + (rng.random(fol.size) * (cal.end - first_open[fol]) * 0.3).astype(np.int64)
    mo = b.shared.get("mp_orders", {})
    red = np.flatnonzero(np.asarray(mo.get("has_coupon", np.zeros(0, bool))))
    red_person = np.asarray(mo.get("person", np.zeros(0, np.int64)))[red]
    red_time = np.asarray(mo.get("created", np.zeros(0, np.int64)))[red] + 5
    # anonymous impressions of anyone
    anon_person = np.repeat(np.arange(persons.n), rng.poisson(1.0, persons.n))
    anon_time = cal.start + (rng.random(anon_person.size) * (cal.end - cal.start)).astype(np.int64)

    s_person = np.concatenate([pre_person, br_person, post_person, fol, red_person, anon_person])
    s_time = np.concatenate([pre_time, br_time, post_time, fol_time, red_time, anon_time])
    s_kind = np.concatenate(
        [
            np.full(pre_person.size, PRE),
            np.full(br_person.size, BROWSE),
            np.full(post_person.size + fol.size + red_person.size, SINGLE),
            np.full(anon_person.size, ANON),
        ]
    )
    s_single = np.concatenate(
        [np.full(pre_person.size + br_person.size, -1), post_type, np.full(fol.size, FOLLOW), np.full(red.size, REDEEM)]
    )
    s_single = np.concatenate([s_single, np.full(anon_person.size, IMPRESSION)])
    s_is_mp = np.concatenate([pre_is_mp, np.zeros(s_person.size - pre_is_mp.size, bool)])
    s_redeem = np.concatenate(
        [np.full(s_person.size - anon_person.size - red.size, -1), red, np.full(anon_person.size, -1)]
    )
    s_time = np.clip(s_time, cal.start, cal.end - 1)
    ns = s_person.size
    is_pre, is_browse = s_kind == PRE, s_kind == BROWSE
    session = is_pre | is_browse

    counts = np.zeros((ns, n_types), dtype=np.int64)
    r = rng.random((ns, n_types))
    imp = np.where(is_pre, r[:, IMPRESSION] < 0.4, r[:, IMPRESSION] < 0.5) & session
    counts[:, IMPRESSION] = imp * (1 + rng.poisson(1.2, ns))
    counts[:, CLICK] = imp & (r[:, CLICK] < np.where(is_pre, 0.5, 0.2))
    counts[:, LAUNCH] = session & (r[:, LAUNCH] < 0.04)
    counts[:, PAGE] = session * (1 + rng.poisson(1.2, ns))
    counts[:, SEARCH] = (session & (r[:, SEARCH] < 0.45)) * (1 + rng.poisson(0.3, ns))
    counts[:, VIEW] = is_pre * (1 + rng.poisson(1.5, ns)) + is_browse * rng.poisson(1.5, ns)
    counts[:, FAVORITE] = session & (r[:, FAVORITE] < np.where(is_pre, 0.15, 0.06))
    counts[:, CART] = session & (r[:, CART] < np.where(is_pre, np.where(s_is_mp, 0.8, 0.2), 0.06))
    coupon = persons.coupon[s_person]
    counts[:, CLAIM] = session & (r[:, CLAIM] < np.where(is_pre, 0.5, 0.12) * coupon)
    counts[:, SHARE] = is_browse & (r[:, SHARE] < 0.03)
    counts[:, LIVE] = session & (r[:, LIVE] < 0.03)
    counts[:, GAME] = session & (r[:, GAME] < 0.012)
    single = s_single >= 0
    counts[np.flatnonzero(single), s_single[single]] = 1

    # ------------------------------------------------------------------ events
    per_session = counts.sum(1)
    flat = counts.ravel()
    sess = np.repeat(np.repeat(np.arange(ns), n_types), flat)
    etype = np.repeat(np.tile(np.arange(n_types), ns), flat)
    n = sess.size
    gaps = rng.exponential(40.0, n) + 2
    csum = np.cumsum(gaps)
    ends = np.cumsum(per_session)
    before = np.concatenate([[0.0], csum])[ends - per_session]
    offset = csum - np.repeat(before, per_session) - gaps
    etime = np.minimum(s_time[sess] + offset.astype(np.int64), cal.end - 1)
    person = s_person[sess]

    # which app and account: the legacy mini program before its cutover for its users
    cutover = cal.end - cst.LEGACY_MP_CUTOVER_DAYS * DAY
    legacy_s = persons.mp_legacy[s_person] & (s_time < cutover) & (rng.random(ns) < 0.5)
    app = np.where(legacy_s[sess], MP_LEGACY, MP)
    redeem_app = np.asarray(mo.get("app", np.zeros(0, np.int64)))
    redeem_acc = np.asarray(mo.get("account", np.zeros(0, np.int64)))
    has_order = s_redeem[sess] >= 0
    app = np.where(has_order, redeem_app[np.maximum(s_redeem[sess], 0)] if redeem_app.size else MP, app)
    account_s = np.where(persons.wx_second[s_person] & (rng.random(ns) < 0.2), 1, 0)
    account = np.where(has_order, redeem_acc[np.maximum(s_redeem[sess], 0)] if redeem_acc.size else 0, account_s[sess])
    anonymous = (s_kind[sess] == ANON) | ((etype == IMPRESSION) & (rng.random(n) < 0.3))
    has_union = ~anonymous & (app == MP) & (rng.random(n) < 0.85)

    # rows in delivery order: the main part by time, re-sent copies at its end (they arrive later), the late part
    resent = rng.random(n) < cst.MESS.resent_event
    age = (cal.end - etime) / DAY
    late = (rng.random(n) < np.where(age < 7, 0.12, cst.MESS.late_share / 10)) | (etime == etime.max(initial=0))
    resent &= ~late
    order = np.argsort(etime, kind="stable")
    rows = np.concatenate([order[~late[order]], order[late[order]]])
    n_main = int((~late).sum())
    etype, etime, person, app, account = etype[rows], etime[rows], person[rows], app[rows], account[rows]
    anonymous, has_union, redeem = anonymous[rows], has_union[rows], s_redeem[sess][rows]
    pid = persons.person_id[person]
    resent_pos = np.flatnonzero(resent[rows])

    # openids and unionids by lookup in per-person tables (one token per person, account and app)
    n_persons = persons.n
    everyone = persons.person_id
    combos = [(MP, 0), (MP, 1), (MP_LEGACY, 0), (MP_LEGACY, 1)]
    openids = pa.concat_arrays([identity.openid(everyone, acc, a) for a, acc in combos])
    combo = np.where(app == MP_LEGACY, 2, 0) + account
    openid = openids.take(pa.array(combo * n_persons + person, mask=anonymous))
    unionids = pa.concat_arrays([identity.unionid(everyone, acc) for acc in (0, 1)])
    unionid = unionids.take(pa.array(account * n_persons + person, mask=~has_union))

    props = properties(b, rng, etype, etime, person, redeem, mo)
    event_ms = epoch_ms(etime, rng)
    # time-based UUIDs: the node id and clock sequence are the device's (the ad server's for anonymous impressions)
    device = np.where(anonymous, rng.integers(0, 4, n), pid.astype(np.int64) * 4 + account * 2 + (app == MP_LEGACY))
    device_bits = ids.mix64(device.astype(np.uint64) + np.where(anonymous, 0, 16).astype(np.uint64), 71)
    node = (device_bits & np.uint64(0xFFFFFFFFFFFF)) | np.uint64(0x010000000000)  # random nodes set the multicast bit
    clock_seq = device_bits >> np.uint64(50)
    columns = {
        "event_id": text.uuid1(event_ms, rng.integers(0, 10000, n), node, clock_seq),
        "appid": text.pool_take(APPIDS, app),
        "openid": openid,
        "unionid": unionid,
        "event_name": text.pool_take(TYPES, etype),
        "event_time": pa.array(event_ms),
        "properties": props,
    }
    resent_at = pa.array(resent_pos)
    b.emit("wechat", "events", {c: v.slice(0, n_main) for c, v in columns.items()})
    b.emit("wechat", "events", {c: v.take(resent_at) for c, v in columns.items()})
    b.emit("wechat", "events", {c: v.slice(n_main) for c, v in columns.items()}, late=True)
    # ground truth: the openids and unionids events carry are those of mp users (already in the truth), but say so
    seen = ~anonymous
    for a in (MP, MP_LEGACY):
        sel = seen & (app == a)
        key = np.unique(pid[sel] * 2 + account[sel])
        b.truth_rows("wechat_openid", APPIDS[a], identity.openid(key // 2, key % 2, a), key // 2)
    key = np.unique(pid[has_union] * 2 + account[has_union])
    b.truth_rows("wechat_unionid", cst.WECHAT_OPEN_PLATFORM_ID, identity.unionid(key // 2, key % 2), key // 2)


def _campaigns(cal_years: range) -> list[str]:
    out = []
    for kind in ("always_on", "festival", "double11"):
        for y in cal_years:
            out.append(kind if kind == "always_on" else f"{kind}_{y}")
    return out


def properties(
    b: Batch,
    rng: np.random.Generator,
    etype: np.ndarray,
    etime: np.ndarray,
    person: np.ndarray,
    redeem: np.ndarray,
    mo: dict[str, np.ndarray | pa.Array],
) -> pa.Array:
    persons, catalog = b.persons, b.world.catalog
    n = etype.size
    day = etime // DAY
    year = text.civil(day)[0]
    y0 = int(year.min()) if n else 2000
    years = range(y0, (int(year.max()) if n else y0) + 1)
    camp_pool = pa.array(_campaigns(years), pa.string())
    depth = promo_depth(day)
    camp_idx = depth * len(years) + (year - y0)
    campaign = camp_pool.take(pa.array(camp_idx))
    random_cat = np.where(
        persons.gender[person] == 2,
        weighted_choice(rng, CATEGORY_WEIGHTS[2], n),
        weighted_choice(rng, CATEGORY_WEIGHTS[1], n),
    )
    category = np.where(rng.random(n) < 0.6, persons.category[person], random_cat)
    sku = catalog.pick(
        rng, category, day, persons.clothing_size[person], persons.shoe_size[person], persons.colour[person]
    )
    sku_str = catalog.sku.take(pa.array(sku))
    cat_str = text.pool_take(reference.CATEGORIES, catalog.model_category[catalog.sku_model[sku]])
    q = '"'

    def kv(key: str, value: pa.Array, quoted: bool = True) -> list[pa.Array | str]:
        return [f"{q}{key}{q}:{q}" if quoted else f"{q}{key}{q}:", value, q if quoted else ""]

    def obj(*pairs: list[pa.Array | str]) -> pa.Array:
        parts: list[pa.Array | str] = ["{"]
        for k, pair in enumerate(pairs):
            if k:
                parts.append(",")
            parts.extend(pair)
        parts.append("}")
        return text.join(*parts)

    def ad(i: np.ndarray) -> pa.Array:
        ad_id = text.fixed(i.size, ["ad", text.digits(rng.integers(0, 100000, i.size), 5)])
        pos = text.pool_take(reference.AD_POSITIONS, rng.integers(0, len(reference.AD_POSITIONS), i.size))
        return obj(kv("campaign", campaign.take(pa.array(i))), kv("ad_id", ad_id), kv("position", pos))

    def page(i: np.ndarray) -> pa.Array:
        return obj(kv("page", text.pool_take(reference.MP_PAGES, rng.integers(0, len(reference.MP_PAGES), i.size))))

    words = [*reference.BRAND_SEARCH_WORDS]
    cat_word_start = []
    for c in reference.CATEGORIES:
        cat_word_start.append(len(words))
        words.extend(reference.CATEGORY_SEARCH_WORDS[c])
    cat_word_count = np.array([len(reference.CATEGORY_SEARCH_WORDS[c]) for c in reference.CATEGORIES])
    colour_words = [f"{c} {w}" for c, _ in reference.COLOURS[:6] for w in ("T恤", "外套", "裤子")]
    colour_start = len(words)
    words.extend(colour_words)
    model_start = len(words)
    words.extend(catalog.model_code)
    word_pool = pa.array(words, pa.string())

    def search(i: np.ndarray) -> pa.Array:
        u = rng.random(i.size)
        cat = category[i]
        w = np.select(
            [u < 0.3, u < 0.8, u < 0.9],
            [
                rng.integers(0, len(reference.BRAND_SEARCH_WORDS), i.size),
                np.array(cat_word_start)[cat] + (rng.random(i.size) * cat_word_count[cat]).astype(np.int64),
                colour_start + rng.integers(0, len(colour_words), i.size),
            ],
            model_start + catalog.sku_model[sku[i]],
        )
        return obj(
            kv("keyword", word_pool.take(pa.array(w))), kv("page", pa.repeat(pa.scalar("pages/search/index"), i.size))
        )

    def product(i: np.ndarray) -> pa.Array:
        at = pa.array(i)
        return obj(
            kv("sku", sku_str.take(at)),
            kv("category", cat_str.take(at)),
            kv("page", pa.repeat(pa.scalar("pages/product/detail"), i.size)),
        )

    def sku_only(i: np.ndarray) -> pa.Array:
        return obj(kv("sku", sku_str.take(pa.array(i))))

    def cart(i: np.ndarray) -> pa.Array:
        return obj(
            kv("sku", sku_str.take(pa.array(i))),
            kv("quantity", text.ints_as_strings(1 + (rng.random(i.size) < 0.1)), False),
        )

    def claim(i: np.ndarray) -> pa.Array:
        face = rng.choice([1000, 2000, 3000, 5000, 10000], i.size, p=[0.3, 0.25, 0.2, 0.15, 0.1])
        return obj(kv("coupon_id", coupon_ids(etime[i], face)), kv("campaign", campaign.take(pa.array(i))))

    def share(i: np.ndarray) -> pa.Array:
        to = text.pool_take(reference.SHARE_TARGETS, rng.integers(0, len(reference.SHARE_TARGETS), i.size))
        return obj(
            kv("share_to", to),
            kv("page", pa.repeat(pa.scalar("pages/product/detail"), i.size)),
            kv("sku", sku_str.take(pa.array(i))),
        )

    def comment(i: np.ndarray) -> pa.Array:
        rating = np.minimum(5, 3 + rng.poisson(1.6, i.size))
        return obj(kv("sku", sku_str.take(pa.array(i))), kv("rating", text.ints_as_strings(rating), False))

    def follow(i: np.ndarray) -> pa.Array:
        return obj(kv("scene", pa.repeat(pa.scalar("mini_program_profile"), i.size)))

    def redeem_props(i: np.ndarray) -> pa.Array:
        r = pa.array(redeem[i])
        return obj(kv("coupon_id", mo["coupon"].take(r)), kv("order_no", mo["order_no"].take(r)))

    def launch(i: np.ndarray) -> pa.Array:
        scene = text.pool_take(("1001", "1007", "1011", "1089"), rng.integers(0, 4, i.size))
        return obj(kv("scene", scene, False))

    def live(i: np.ndarray) -> pa.Array:
        room = text.fixed(i.size, ["live_", text.date_matrix(day[i], "")])
        return obj(kv("room_id", room), kv("duration_s", text.ints_as_strings(rng.integers(10, 3600, i.size)), False))

    def game(i: np.ndarray) -> pa.Array:
        return obj(
            kv("game", pa.repeat(pa.scalar("lucky_wheel"), i.size)),
            kv("score", text.ints_as_strings(rng.integers(0, 500, i.size)), False),
        )

    builders = {
        IMPRESSION: ad,
        CLICK: ad,
        LAUNCH: launch,
        PAGE: page,
        SEARCH: search,
        VIEW: product,
        FAVORITE: sku_only,
        CART: cart,
        CLAIM: claim,
        SHARE: share,
        LIVE: live,
        GAME: game,
        FOLLOW: follow,
        COMMENT: comment,
        REDEEM: redeem_props,
    }
    return text.choose(etype, builders, pa.string())
