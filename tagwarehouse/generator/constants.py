"""Every scope constant of the generated brand in one place: app keys, shop nicks, appids, the WeChat Open Platform,
the WeCom corp, the JD vender and app key. A dbt seed of the brand's apps is written from these.

Also the defaults of the command line and the shares of the planted mess (see the package docstring).
"""

from __future__ import annotations

from dataclasses import dataclass

# ------------------------------------------------------------------------------------------------ the brand
BRAND_NAME = "知岸"
BRAND_CODE = "zhian"
"""Scope of brand-wide ids: Tmall omid (会员通 brand member id) and store card numbers."""

MOBILE_SCOPE = "CN"
"""Scope of mobiles (canonical eleven digits)."""

# ------------------------------------------------------------------------------------------------ Tmall / Taobao
TMALL_APP_KEY = "34719285"
"""The ISV app key that pulls trades and member bindings of both shops; scopes buyer_open_uid."""
TMALL_SELLER_NICK = "知岸官方旗舰店"
"""The Tmall (B, mall) flagship shop; scopes its 会员通 ouid."""
TAOBAO_SELLER_NICK = "知岸服饰小店"
"""The Taobao (C) shop; scopes its 会员通 ouid."""
TMALL_SHOPS: tuple[tuple[str, str], ...] = ((TMALL_SELLER_NICK, "B"), (TAOBAO_SELLER_NICK, "C"))

# ------------------------------------------------------------------------------------------------ JD
JD_VENDER_ID = "10218476"
JD_APP_KEY = "6F2C9A7E4B1D8053A7C4E9F0B2D6A815"
"""The JD ISV app key; scopes open_id_buyer (orders) and open_id (members)."""

# ------------------------------------------------------------------------------------------------ WeChat / WeCom
WECHAT_OPEN_PLATFORM_ID = "wxop_zhian"
"""The WeChat Open Platform account the official account and the main mini program are bound to; scopes unionid."""
WECHAT_OA_APPID = "wx3f8a2c6e1b9d4075"
"""Official account (服务号), bound to the Open Platform."""
WECHAT_MP_APPID = "wx7c1e5a9b3d2f8064"
"""The mini program mall (bound to the Open Platform, so its users carry unionids)."""
WECHAT_MP_LEGACY_APPID = "wx9b4d0f6a2e8c1357"
"""The older mini program, never bound to the Open Platform: openids only, unionid always null. Retired for new
orders at ``LEGACY_MP_CUTOVER_DAYS`` before the as-of date."""
WECOM_CORP_ID = "ww5e2a9c7f1b3d8460"
"""The WeCom (企业微信) corp; scopes external_userid. Bound to the same Open Platform (contacts carry unionids)."""

# (appid, app type, name, open platform id or None when not bound)
WECHAT_APPS: tuple[tuple[str, str, str, str | None], ...] = (
    (WECHAT_OA_APPID, "official_account", f"{BRAND_NAME}服务号", WECHAT_OPEN_PLATFORM_ID),
    (WECHAT_MP_APPID, "mini_program", f"{BRAND_NAME}会员商城", WECHAT_OPEN_PLATFORM_ID),
    (WECHAT_MP_LEGACY_APPID, "mini_program", f"{BRAND_NAME}旧版小程序", None),
)

# ------------------------------------------------------------------------------------------------ ground truth
IDENTIFIER_SCOPES: dict[str, str] = {
    "mobile": MOBILE_SCOPE,
    "tmall_buyer_open_uid": TMALL_APP_KEY,
    "tmall_omid": BRAND_CODE,
    "jd_open_id": JD_APP_KEY,
    "pos_card_no": BRAND_CODE,
    "wechat_unionid": WECHAT_OPEN_PLATFORM_ID,
    "wecom_external_userid": WECOM_CORP_ID,
}
"""Scope per identifier type where it is fixed; tmall_ouid is scoped by seller nick, wechat_openid by appid."""

# ------------------------------------------------------------------------------------------------ run defaults
DEFAULT_AS_OF = "2026-11-15"
HISTORY_DAYS = 3 * 365
"""History spans this many days before the as-of date (the extract date; every record is older)."""
LEGACY_MP_CUTOVER_DAYS = 540
"""The legacy mini program took orders until this many days before the as-of date."""
BATCH_MEMBERS = 250_000
"""Members generated together (one random stream per batch, one row group per table); part of the output's
identity: the same seed and member count give the same bytes."""
PART_MEMBERS = 1_000_000
"""Members per part file (part-0000.parquet, part-0001.parquet, ...); a multiple of BATCH_MEMBERS."""
ROW_GROUP_ROWS = 1_000_000
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 6

SAMPLE_MEMBERS = 3000
SAMPLE_SEED = 42
SAMPLE_ARGS: tuple[str, ...] = ("--members", str(SAMPLE_MEMBERS), "--seed", str(SAMPLE_SEED), "--out", "data/sample")
"""The command line that produced the shipped sample in data/sample (a test regenerates it and compares)."""


# ------------------------------------------------------------------------------------------------ planted mess
@dataclass(frozen=True)
class Mess:
    """Shares of deliberately messy rows (per row of the table named, unless stated)."""

    phone_formatted: float = 0.12
    """Typed mobiles in another format (+86 138 0013 8000, 86-13800138000, 008613800138000, 138-0013-8000, padded)."""
    phone_junk_card: float = 0.025
    """POS cards with a junk mobile (13800000000, 00000000000, 13800138000, -1, null, unknown, '')."""
    phone_junk_member: float = 0.006
    """Tmall/JD member bindings with a junk mobile."""
    clerk_phone_walkin: float = 0.5
    """Walk-in receipts at a 'bait' store on which the cashier typed the clerk's own mobile."""
    clerk_phone_card: float = 0.04
    """Cards issued at a bait store registered with the clerk's mobile."""
    bait_store_share: float = 0.3
    """Stores whose clerk types their own mobile (at least one store)."""
    second_card: float = 0.05
    """Card holders with a second card (lost card, re-registered in another store)."""
    second_mobile: float = 0.04
    """Persons with a second mobile they give to some systems."""
    second_wechat: float = 0.04
    """WeChat users with a second WeChat account (another unionid) bound to the same phone."""
    resync_duplicate: float = 0.04
    """Rows re-synced with a later version key (trades, jd orders, cards, receipts, followers, mp users/orders)."""
    resent_event: float = 0.01
    """Events re-sent with the same event_id."""
    unusable: float = 0.002
    """Each kind of unusable row (null/empty id, unparseable date, negative quantity, unknown status code)."""
    attribute_conflict: float = 0.03
    """Gender / birthday / city that disagree with the person's truth in one system."""
    junk_birthday: float = 0.03
    """Birthdays that are junk (1900-01-01, 0000-00-00, 19900231, '')."""
    tag_variant: float = 0.05
    """WeCom tags typed as a variant ('油性皮肤', '油 皮', 'm码')."""
    tag_typo: float = 0.015
    """WeCom tags misspelt in a way the synonym seed does not know ('通勤勤', '敏感机', 'Ｍ码')."""
    tag_free_text: float = 0.05
    """WeCom contacts with one free-text tag outside the dictionary ('VIP老客', '要发票', '喜欢小红书')."""
    late_share: float = 0.01
    """Trades, receipts and events delivered late in the last part file."""
    typo_mobile: float = 0.004
    """Mobiles typed wrong (a valid-looking 170/171 number belonging to nobody)."""
    unknown_event: float = 0.012
    """Events with a name outside the documented list (app_launch, live_watch, mini_game_play)."""


MESS = Mess()

JUNK_PHONES: tuple[str, ...] = ("13800000000", "00000000000", "13800138000", "-1", "null", "unknown", "")
"""Junk typed where a mobile should be (the well-known test number 13800138000 included)."""
JUNK_BIRTHDAYS: tuple[str, ...] = ("1900-01-01", "0000-00-00", "19900231", "")
BAD_DATES: tuple[str, ...] = ("2026-13-45 25:61:00", "N/A", "0000-00-00 00:00:00", "")
BAD_POS_TIMES: tuple[str, ...] = ("2026/13/45 25:61:00", "N/A", "00/00/0000", "")
UNKNOWN_STATUS: dict[str, str] = {"tmall": "TRADE_WEIRD", "jd": "ORDER_STATE_99", "wechat": "PART_REFUNDED"}
UNKNOWN_EVENTS: tuple[str, ...] = ("app_launch", "live_watch", "mini_game_play")
TYPO_PREFIXES: tuple[int, ...] = (170, 171)
"""Real persons never hold a 170/171 number, so a typed-wrong mobile never hits a real person by accident."""
