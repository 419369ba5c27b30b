"""The latent population: persons with true attributes, the channels they use, their memberships and their
purchase process.

Purchasing follows BG/NBD per person: while alive, purchases arrive as a Poisson process with rate
``lambda ~ Gamma(r, alpha)`` (per year); after every purchase the person drops out with probability
``p ~ Beta(a, b)``. The first purchase is the acquisition. Each purchase then goes to one of the person's purchase
channels, so the per-person stream across channels (what identity resolution reassembles) is exactly BG/NBD.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import constants as cst
from . import reference
from .world import DAY, SECOND_MOBILE_OFFSET, Calendar, Stores, mobiles, person_names, weighted_choice

# Purchase channels.
TMALL, TAOBAO, JD, STORE, MP = range(5)
N_CHANNELS = 5
CHANNEL_NAMES = ("tmall", "taobao", "jd", "store", "mp")

# BG/NBD parameters (lambda per year).
BGNBD_R = 0.25
BGNBD_ALPHA = 0.006
BGNBD_A = 1.0
BGNBD_B = 10.0
BUYER_SHARE = 0.75

PRIMARY_WEIGHTS = np.array([0.42, 0.06, 0.20, 0.24, 0.08])
SECONDARY = np.array([0.22, 0.07, 0.12, 0.14, 0.18])
CATEGORY_WEIGHTS = {
    2: np.array([0.30, 0.17, 0.14, 0.10, 0.09, 0.20]),
    1: np.array([0.28, 0.22, 0.22, 0.17, 0.08, 0.03]),
}
SIZE_WEIGHTS = {2: np.array([0.2, 0.4, 0.28, 0.1, 0.02]), 1: np.array([0.05, 0.2, 0.4, 0.25, 0.1])}
COLOUR_WEIGHTS = np.array([3, 2.5, 1.5, 1.2, 1, 1.2, 0.8, 0.8, 0.5, 0.5, 0.8, 0.6])


@dataclass
class Persons:
    """One batch of persons (arrays of the batch's length; ``person_id`` is global)."""

    person_id: np.ndarray
    gender: np.ndarray  # 1 male, 2 female
    birthday: np.ndarray  # day
    child_birthday: np.ndarray  # day of the (youngest) child's birth, -1 without a child (see add_children)
    city: np.ndarray
    name: pa.Array
    mobile: np.ndarray  # uint64
    mobile2: np.ndarray  # uint64, a second mobile for some (0 when none)
    # presence
    channels: np.ndarray  # (n, 5) bool: purchase channels the person uses
    channel_weight: np.ndarray  # (n, 5) share of purchases per channel
    oa: np.ndarray
    mp_legacy: np.ndarray
    wecom: np.ndarray
    wx_second: np.ndarray  # a second WeChat account (mini-program user) bound to the same phone
    home_store: np.ndarray  # -1 when none
    # memberships
    tmall_member: np.ndarray  # (n, 2): member of the Tmall shop, of the Taobao shop
    jd_member: np.ndarray
    card: np.ndarray
    second_card: np.ndarray
    # behaviour
    buyer: np.ndarray
    acquired: np.ndarray  # local seconds of acquisition (first purchase for buyers, first touch otherwise)
    lam: np.ndarray  # purchases per year while alive
    p: np.ndarray  # dropout probability after each purchase
    alive: np.ndarray  # still alive at the as-of date (buyers)
    spend: np.ndarray  # basket size / price level multiplier
    coupon: np.ndarray  # coupon sensitivity 0..1
    engagement: np.ndarray  # browsing intensity
    # preferences
    category: np.ndarray
    clothing_size: np.ndarray
    shoe_size: np.ndarray
    colour: np.ndarray
    skin: np.ndarray
    occasion: np.ndarray
    style: np.ndarray

    @property
    def n(self) -> int:
        return len(self.person_id)

    @property
    def wechat(self) -> np.ndarray:
        """Persons with a WeChat identity the brand sees (mini program, official account or WeCom)."""
        return self.channels[:, MP] | self.oa | self.wecom

    @property
    def spend_level(self) -> np.ndarray:
        return np.where(self.spend > 2.5, 0, np.where(self.coupon > 0.55, 2, 1))


def make_persons(rng: np.random.Generator, cal: Calendar, stores: Stores, first_id: int, n: int) -> Persons:
    person_id = first_id + np.arange(n, dtype=np.int64)
    gender = np.where(rng.random(n) < 0.68, 2, 1)
    age_days = ((18 + np.minimum(rng.gamma(4.0, 3.6, n), 47)) * 365.25).astype(np.int64)
    birthday = cal.as_of_day - age_days - rng.integers(0, 365, n)
    city = weighted_choice(rng, np.array([c[3] for c in reference.CITIES]), n)
    names = person_names(rng, gender)
    mobile = mobiles(person_id.astype(np.uint64))
    has_m2 = rng.random(n) < cst.MESS.second_mobile
    mobile2 = np.where(has_m2, mobiles(person_id.astype(np.uint64) + np.uint64(SECOND_MOBILE_OFFSET)), np.uint64(0))

    city_has_store = np.array([len(s) > 0 for s in stores.city_stores])[city]
    w = np.broadcast_to(PRIMARY_WEIGHTS, (n, N_CHANNELS)).copy()
    w[:, STORE] *= np.where(city_has_store, 1.6, 0.3)
    primary = (rng.random(n)[:, None] > np.cumsum(w / w.sum(1, keepdims=True), axis=1)).sum(1)
    primary = np.minimum(primary, N_CHANNELS - 1)
    second = rng.random((n, N_CHANNELS)) < SECONDARY
    second[:, STORE] &= city_has_store | (rng.random(n) < 0.2)
    second[:, MP] |= second[:, STORE] & (rng.random(n) < 0.12)
    channels = second.copy()
    channels[np.arange(n), primary] = True
    weight = np.where(channels, rng.uniform(0.1, 0.6, (n, N_CHANNELS)), 0.0)
    weight[np.arange(n), primary] = 1.0
    weight /= weight.sum(1, keepdims=True)

    buyer = rng.random(n) < BUYER_SHARE
    acquired_offset = cal.window_days * rng.random(n) ** 0.8  # days after the history start
    acquired = cal.start + (acquired_offset * DAY).astype(np.int64)
    store_ch = channels[:, STORE]
    mp_ch = channels[:, MP]
    card = store_ch & (rng.random(n) < np.where(buyer, 0.8, 0.35))
    second_card = card & (rng.random(n) < cst.MESS.second_card)
    oa = rng.random(n) < np.minimum(0.1 + 0.25 * store_ch + 0.3 * mp_ch, 0.9)
    wecom = rng.random(n) < 0.02 + 0.3 * card
    legacy_cut = cal.end - cst.LEGACY_MP_CUTOVER_DAYS * DAY
    mp_legacy = mp_ch & (acquired < legacy_cut) & (rng.random(n) < 0.45)
    tmall_member = np.stack(
        [
            channels[:, TMALL] & (rng.random(n) < np.where(buyer, 0.45, 0.2)),
            channels[:, TAOBAO] & (rng.random(n) < np.where(buyer, 0.35, 0.15)),
        ],
        axis=1,
    )
    jd_member = channels[:, JD] & (rng.random(n) < np.where(buyer, 0.4, 0.15))

    home_store = np.full(n, -1, dtype=np.int64)
    counts = np.array([len(s) for s in stores.city_stores])
    flat = np.concatenate([s for s in stores.city_stores if len(s)] or [np.empty(0, np.int64)])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    local = counts[city] > 0
    pick = starts[city] + (rng.random(n) * np.maximum(counts[city], 1)).astype(np.int64)
    home_store[local] = flat[pick[local]]
    # people outside store cities shop in a big city's anchor store when they visit
    far = store_ch & ~local
    home_store[far] = stores.anchor[weighted_choice(rng, np.ones(stores.n), int(far.sum()))]

    lam = rng.gamma(BGNBD_R, 1.0 / BGNBD_ALPHA, n)
    p = rng.beta(BGNBD_A, BGNBD_B, n)
    category = np.where(
        gender == 2,
        weighted_choice(rng, CATEGORY_WEIGHTS[2], n),
        weighted_choice(rng, CATEGORY_WEIGHTS[1], n),
    )
    clothing_size = np.where(
        gender == 2, weighted_choice(rng, SIZE_WEIGHTS[2], n), weighted_choice(rng, SIZE_WEIGHTS[1], n)
    )
    shoe_size = np.where(gender == 2, rng.integers(0, 4, n), rng.integers(4, 9, n))
    return Persons(
        person_id=person_id,
        gender=gender,
        birthday=birthday,
        child_birthday=np.full(n, -1, dtype=np.int64),
        city=city,
        name=names,
        mobile=mobile,
        mobile2=mobile2,
        channels=channels,
        channel_weight=weight,
        oa=oa,
        mp_legacy=mp_legacy,
        wecom=wecom,
        wx_second=mp_ch & (rng.random(n) < cst.MESS.second_wechat),
        home_store=home_store,
        tmall_member=tmall_member,
        jd_member=jd_member,
        card=card,
        second_card=second_card,
        buyer=buyer,
        acquired=acquired,
        lam=lam,
        p=p,
        alive=np.zeros(n, dtype=bool),
        spend=rng.lognormal(0.0, 1.1, n),
        coupon=rng.beta(2.0, 3.0, n),
        engagement=rng.lognormal(0.0, 0.9, n),
        category=category,
        clothing_size=clothing_size,
        shoe_size=shoe_size,
        colour=weighted_choice(rng, COLOUR_WEIGHTS, n),
        skin=rng.integers(0, len(reference.SKIN_TYPES), n),
        occasion=weighted_choice(rng, np.array([4, 1.5, 1.5, 1, 2]), n),
        style=weighted_choice(rng, np.array([2, 4, 3, 1.2]), n),
    )


def add_children(rng: np.random.Generator, cal: Calendar, persons: Persons) -> None:
    """Families: a person has a child with a chance that depends on their age on the as-of date (none under 23,
    about half from 28 to 50), born when the parent was 23 to 38 and at least a month before the as-of date; the
    child's birthday is what the store card form asks for (宝宝生日). Sets ``persons.child_birthday``. Drawn from a
    stream of its own so the rest of the population does not change with it."""
    n = persons.n
    age_years = (cal.as_of_day - persons.birthday) / 365.25
    share = np.select([age_years < 23, age_years < 28, age_years <= 50], [0.0, 0.2, 0.55], 0.35)
    born = persons.birthday + (rng.uniform(23, 38, n) * 365.25).astype(np.int64)
    has_child = (rng.random(n) < share) & (born < cal.as_of_day - 30)
    persons.child_birthday = np.where(has_child, born, -1)


@dataclass
class Purchases:
    """Purchases of one batch, sorted by time: the BG/NBD transactions, each assigned to a channel."""

    person: np.ndarray  # index into the batch's persons
    time: np.ndarray  # local seconds
    channel: np.ndarray

    @property
    def n(self) -> int:
        return len(self.person)


def hours(rng: np.random.Generator, weights: tuple[float, ...], n: int) -> np.ndarray:
    """Seconds after midnight, with the hour drawn from ``weights``."""
    return weighted_choice(rng, np.array(weights, dtype=np.float64), n) * 3600 + rng.integers(0, 3600, n)


def make_purchases(rng: np.random.Generator, cal: Calendar, persons: Persons) -> Purchases:
    """Simulates BG/NBD per buyer. Repeat purchases: the first ``min(J - 1, K)`` of the ``K ~ Poisson(lambda * T)``
    arrival times in ``(t0, end)`` (uniform order statistics, built from exponential spacings), where ``J`` is the
    geometric number of purchases until dropout. Sets ``persons.alive``."""
    buyers = np.flatnonzero(persons.buyer)
    t0 = (persons.acquired[buyers] - cal.start) / DAY  # days
    horizon = cal.window_days - t0
    lam_day = persons.lam[buyers] / 365.0
    dropout_after = rng.geometric(persons.p[buyers])  # purchases made before dropping out
    k = rng.poisson(lam_day * horizon)
    m = np.minimum(dropout_after - 1, k)
    persons.alive[buyers] = dropout_after - 1 > k
    total = int(m.sum())
    owner = np.repeat(np.arange(buyers.size), m)
    spacing = rng.exponential(1.0, total)
    csum = np.cumsum(spacing)
    ends = np.cumsum(m)
    before = np.concatenate([[0.0], csum])[ends - m]
    within = csum - np.repeat(before, m)
    last = np.zeros(buyers.size)
    has = m > 0
    last[has] = within[ends[has] - 1]
    # the remaining K + 1 - m spacings of the order statistics, in one Gamma draw
    rest = rng.standard_gamma((k + 1 - m).astype(np.float64))
    scale = horizon / (last + rest)
    repeat_t = t0[owner] + within * scale[owner]
    person = np.concatenate([buyers, buyers[owner]])
    t_days = np.concatenate([t0, repeat_t])
    day = cal.start_day + np.minimum(np.floor(t_days).astype(np.int64), cal.window_days - 1)
    cum = np.cumsum(persons.channel_weight[person], axis=1)
    channel = np.minimum((rng.random(person.size)[:, None] > cum).sum(1), N_CHANNELS - 1)
    sod = np.where(
        channel == STORE,
        hours(rng, reference.STORE_HOURS, person.size),
        hours(rng, reference.ONLINE_HOURS, person.size),
    )
    time = day * DAY + sod
    # the acquisition is the first purchase
    first = np.full(persons.n, np.iinfo(np.int64).max)
    np.minimum.at(first, person, time)
    persons.acquired[buyers] = first[buyers]
    order = np.argsort(time, kind="stable")
    return Purchases(person=person[order], time=time[order], channel=channel[order])
