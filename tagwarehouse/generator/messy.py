"""How people and systems type things: mobiles in many formats, masked and junk mobiles, genders and birthdays as
typed, unparseable dates. Every function is vectorised and returns, with the column, what each row really holds
(so the ground truth only claims what is there)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from . import constants as cst
from . import text

# mobile formats
PLAIN, INTL_SPACED, CC_DASH, CC_0086, DASHED, PADDED, PLUS_CC, SPACED = range(8)
FORMAT_WEIGHTS = np.array([0.0, 0.25, 0.2, 0.15, 0.15, 0.1, 0.1, 0.05])

# what a typed mobile holds
REAL, JUNK, TYPO, MISSING, OTHER = range(5)


def phone_digits(mobile: np.ndarray) -> np.ndarray:
    return text.digits(np.asarray(mobile, dtype=np.uint64), 11)


def formatted(mobile: np.ndarray, fmt: np.ndarray) -> pa.Array:
    """Mobiles (uint64) written in the given formats."""
    d = phone_digits(mobile)

    def build(pieces_of: Callable[[np.ndarray], list[text.Piece]]) -> Callable[[np.ndarray], pa.Array]:
        return lambda idx: text.fixed(idx.size, pieces_of(d[idx]))

    builders = {
        PLAIN: build(lambda x: [x]),
        INTL_SPACED: build(lambda x: ["+86 ", x[:, 0:3], " ", x[:, 3:7], " ", x[:, 7:11]]),
        CC_DASH: build(lambda x: ["86-", x]),
        CC_0086: build(lambda x: ["0086", x]),
        DASHED: build(lambda x: [x[:, 0:3], "-", x[:, 3:7], "-", x[:, 7:11]]),
        PADDED: build(lambda x: [" ", x, " "]),
        PLUS_CC: build(lambda x: ["+86", x]),
        SPACED: build(lambda x: [x[:, 0:3], " ", x[:, 3:7], " ", x[:, 7:11]]),
    }
    return text.choose(np.asarray(fmt), builders, pa.string())


def masked(mobile: np.ndarray) -> pa.Array:
    """'138****5678'."""
    d = phone_digits(mobile)
    return text.fixed(d.shape[0], [d[:, 0:3], "****", d[:, 7:11]])


def typo_mobiles(rng: np.random.Generator, n: int) -> np.ndarray:
    """Valid-looking numbers nobody holds (the 170/171 prefixes are never given to persons)."""
    prefix = np.array(cst.TYPO_PREFIXES, dtype=np.uint64)[rng.integers(0, len(cst.TYPO_PREFIXES), n)]
    return prefix * np.uint64(10**8) + rng.integers(10**7, 10**8, n).astype(np.uint64)


def typed_mobiles(
    rng: np.random.Generator,
    mobile: np.ndarray,
    *,
    formatted_share: float,
    junk_share: float = 0.0,
    typo_share: float = 0.0,
    missing: np.ndarray | None = None,
) -> tuple[pa.Array, np.ndarray]:
    """Mobiles as typed into a form: mostly plain eleven digits, some in other formats, some junk or typed wrong,
    null where ``missing``. Returns the column and per row REAL / JUNK / TYPO / MISSING."""
    n = len(mobile)
    kind = np.full(n, REAL, dtype=np.int8)
    u = rng.random(n)
    kind[u < junk_share + typo_share] = TYPO
    kind[u < junk_share] = JUNK
    if missing is not None:
        kind[missing] = MISSING
    fmt = np.where(rng.random(n) < formatted_share, 1 + _pick(rng, FORMAT_WEIGHTS[1:], n), PLAIN)
    typos = typo_mobiles(rng, n)
    junk = rng.integers(0, len(cst.JUNK_PHONES), n)

    builders = {
        REAL: lambda idx: formatted(mobile[idx], fmt[idx]),
        JUNK: lambda idx: text.pool_take(cst.JUNK_PHONES, junk[idx]),
        TYPO: lambda idx: formatted(typos[idx], fmt[idx]),
        MISSING: lambda idx: None,
    }
    return text.choose(kind, builders, pa.string()), kind


def _pick(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    cum = np.cumsum(weights) / weights.sum()
    return np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(weights) - 1)


# ------------------------------------------------------------------------------------------------ people's attributes
GENDER_TYPED = {1: ("男", "M", "1", "男"), 2: ("女", "F", "2", "女")}


def typed_gender(rng: np.random.Generator, gender: np.ndarray, conflict: float) -> pa.Array:
    """Gender as a cashier types it: 男/女/M/F/1/2, 未知 or null; a few flipped."""
    n = gender.size
    g = np.where(rng.random(n) < conflict, 3 - gender, gender)
    style = rng.integers(0, 4, n)
    pool = [*GENDER_TYPED[1], *GENDER_TYPED[2], "未知"]
    idx = np.where(g == 1, style, 4 + style)
    unknown = rng.random(n)
    idx = np.where(unknown < 0.04, 8, idx)
    return text.with_nulls(text.pool_take(pool, idx), unknown > 0.97)


def typed_birthday(rng: np.random.Generator, birthday: np.ndarray, conflict: float, junk: float) -> pa.Array:
    """Birthday as typed: YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD; some another date, some junk, some null."""
    n = birthday.size
    u = rng.random(n)
    day = np.where(u < conflict, birthday + rng.choice([-365, 1, 30, 3652], n), birthday)
    style = rng.choice(3, n, p=[0.6, 0.25, 0.15])
    builders = {
        0: lambda idx: text.dates(day[idx], "-"),
        1: lambda idx: text.dates(day[idx], "/"),
        2: lambda idx: text.dates(day[idx], ""),
        3: lambda idx: text.pool_take(cst.JUNK_BIRTHDAYS, rng.integers(0, len(cst.JUNK_BIRTHDAYS), idx.size)),
        4: lambda idx: None,
    }
    code = np.where(rng.random(n) < junk, 3, style)
    code = np.where(rng.random(n) < 0.08, 4, code)
    return text.choose(code, builders, pa.string())


def unparseable(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> pa.Array:
    return text.pool_take(pool, rng.integers(0, len(pool), n))


def pick_rows(rng: np.random.Generator, n: int, share: float, eligible: np.ndarray | None = None) -> np.ndarray:
    """A boolean mask of about ``share`` of the rows (at least one when any row is eligible)."""
    mask = rng.random(n) < share
    if eligible is not None:
        mask &= eligible
    candidates = np.flatnonzero(eligible) if eligible is not None else np.arange(n)
    if not mask.any() and candidates.size:
        mask[candidates[rng.integers(0, candidates.size)]] = True
    return mask
