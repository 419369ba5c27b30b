"""The identifiers a person carries in each system, derived from person_id (and account / shop / app) by keyed
bijections: unique by construction, stable across batches, and the same function feeds the raw tables and the
ground truth."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import constants as cst
from . import ids, text

OA, MP, MP_LEGACY = 0, 1, 2
APPIDS = (cst.WECHAT_OA_APPID, cst.WECHAT_MP_APPID, cst.WECHAT_MP_LEGACY_APPID)
_OPENID_PREFIX = ("oZ3k_", "oA9pQ", "o8Xm2")


def _u(pid: np.ndarray, mult: int = 1, add: np.ndarray | int = 0) -> np.ndarray:
    return np.asarray(pid, dtype=np.uint64) * np.uint64(mult) + np.asarray(add, dtype=np.uint64)


def buyer_open_uid(pid: np.ndarray) -> pa.Array:
    """Taobao/Tmall buyer open uid, scoped to the app key (the same in both shops)."""
    return ids.token(_u(pid), 11, "AA", 22)


def ouid(pid: np.ndarray, shop: np.ndarray) -> pa.Array:
    """会员通 shop-scoped member id."""
    return ids.token(_u(pid, 2, shop), 12, "ou", 24)


def omid(pid: np.ndarray) -> pa.Array:
    """会员通 brand-scoped member id."""
    return ids.token(_u(pid), 13, "om", 24)


def jd_open_id(pid: np.ndarray) -> pa.Array:
    return ids.token(_u(pid), 14, "", 32)


def card_no(pid: np.ndarray, k: np.ndarray | int) -> pa.Array:
    """Store card number: 12 digits starting with 8; ``k`` = 0 first card, 1 second card."""
    return ids.numeric(_u(pid, 2, k), 15, "8", 11)


def openid(pid: np.ndarray, account: np.ndarray | int, app: int) -> pa.Array:
    """openid of a person's WeChat account (0 main, 1 second) in one app (OA, MP, MP_LEGACY)."""
    return ids.token(_u(pid, 2, account), 20 + app, _OPENID_PREFIX[app], 23, ids.BASE64URL)


def unionid(pid: np.ndarray, account: np.ndarray | int) -> pa.Array:
    """unionid of a person's WeChat account under the Open Platform."""
    return ids.token(_u(pid, 2, account), 16, "oWx3t", 23, ids.BASE64URL)


def external_userid(pid: np.ndarray) -> pa.Array:
    """WeCom external contact id of a person's WeChat (one per corp)."""
    return ids.token(_u(pid), 17, "wm", 30)


def oaid(pid: np.ndarray, week: np.ndarray) -> pa.Array:
    """Taobao receiver oaid: rotates weekly, identifies nobody."""
    return ids.token(_u(pid, 1024, np.asarray(week) % 1024), 18, "", 24)


def mobile_strings(mobile: np.ndarray) -> pa.Array:
    """Canonical eleven-digit mobiles."""
    return text.fixed(len(mobile), [text.digits(np.asarray(mobile, dtype=np.uint64), 11)])
