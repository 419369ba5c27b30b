"""The raw data generator: deterministic, vectorised, realistic and deliberately messy extracts of every raw table
in ``tagwarehouse.raw_schema``, plus the ground truth (the person behind every raw identifier).

Run ``python -m tagwarehouse.generator --help``. Layout: ``<out>/<source>/<table>/part-NNNN.parquet`` (one part
file per million members, plus one late-delivery part for tmall trades/orders, pos receipts/lines and wechat
events), ``<out>/_ground_truth/identities`` and ``<out>/_ground_truth/persons``. Scopes (app keys, shop nicks,
appids, Open Platform, corp id, JD vender) live in ``constants.py``.

The population
--------------
Latent persons (``person_id`` 1..N; store staff and HQ staff follow, with their own ids) with a true unique mobile,
Chinese name, gender, birthday, city (weighted to the big cities), the channels they use (Tmall flagship, Taobao
shop, JD, stores, mini program, official account, WeCom, with realistic overlap), memberships, preferences
(category, colour, sizes, skin type, occasion, style), coupon sensitivity, browsing engagement and, for families,
a child's birthday (about half of the persons aged 28 to 50). Purchasing is
BG/NBD per person: Poisson purchases with ``lambda ~ Gamma(0.25, 0.006)`` per year while alive, dropout with
``p ~ Beta(1, 10)`` after each purchase; each purchase lands in one of the person's channels; about 20% of buyers
bring about 80% of revenue. Events follow the AIPL funnel: ads and browsing before purchases, shares and
comments after, many people who only browse.

The planted mess (shares are per row of the table, see ``constants.Mess``)
--------------------------------------------------------------------------
* Mobiles typed in many formats (~12% of typed mobiles): '+86 138 0013 8000', '86-13800138000',
  '008613800138000', '138-0013-8000', ' 13800138000 ', '+8613800138000', '138 0013 8000'; masked '138****5678' in
  every Tmall receiver_mobile and JD consignee_mobile; junk ('13800000000', '00000000000', the test number
  '13800138000', '-1', 'null', 'unknown', '') on ~2.5% of store cards, ~0.6% of member bindings, ~3% of walk-in
  receipts and in WeCom remarks; numbers typed wrong (valid-looking 170/171 numbers nobody holds, ~0.4%).
* A clerk's own mobile typed for walk-in receipts (half the walk-ins of ~30% of stores) and on ~4% of the cards
  issued there: one phone on far more than 20 receipts and cards (degree-cap bait). The clerk is a person too.
* Second identities: ~5% of card holders hold a second card (re-registered in another store), ~4% of persons have
  a second mobile used in some systems, ~4% of mini-program users have a second WeChat account (another unionid
  and openid) bound to the same phone.
* Re-synced duplicates (~4% of rows): the same key again with a later modified / updated_at / synced_at, usually
  with an earlier status (trades, JD orders, cards, receipts, followers, mini-program users and orders; a
  mini-program user's earlier version lacks the phone bound later; a receipt's earlier version lacks the card).
  Re-sent events (~1%) repeat the event_id.
* Life cycle: unpaid and cancelled orders (~7% abandoned checkouts, also by people who never buy), full refunds
  (Tmall TRADE_CLOSED ~3.5%, JD cancelled after payment ~2%, mini program REFUNDED ~3%), partial refunds on one
  sub-order, refunds in progress, refused refunds; POS returns (~5% of sales) referencing the original receipt,
  ~30% in another store, ~15% weeks later.
* Unusable rows (~0.2% each): null or empty ids (tid, order_id, receipt_no, order_no), unparseable times
  ('2026-13-45 25:61:00', 'N/A', '0000-00-00 00:00:00', ''), epoch seconds where milliseconds are due
  (mini-program created_at), negative quantities on sale lines, unknown status codes (TRADE_WEIRD,
  ORDER_STATE_99, PART_REFUNDED), and unknown event names (app_launch, live_watch, mini_game_play, ~1%).
* Conflicting attributes (~3%): gender and birthday on store cards and mini-program gender disagree with the truth;
  receivers' cities differ (~6%: shipping to the office or parents); names typed as '王女士'; birthdays as
  YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD and junk ('1900-01-01', '0000-00-00', '19900231', '').
* WeChat: the legacy mini program is not bound to the Open Platform (openids, never a unionid); ~8% of official
  account followers and ~15% of identified events lack the unionid; ~30% of ad impressions are anonymous (null
  openid), plus anonymous impressions of everyone.
* WeCom tags typed as variants (~5% of tags): '油性皮肤', '油 皮', 'm码', '通勤风' ... (the synonym seed maps
  them); misspellings it does not know (~1.5%: '通勤勤', '敏感机', 'Ｍ码') and free text outside the dictionary on
  ~5% of contacts ('VIP老客', '要发票', '喜欢小红书', a group '备注' the dictionary lacks): wecom_tag_review's work.
* Store cards: the child's birthday (宝宝生日) on ~70% of parents' cards, the same child on all of a parent's cards,
  typed like the holder's birthday (formats, junk, empty).
* Stores: one per 2,500 members, at least 12: the anchor (direct, always open) of each of the eight biggest
  cities, and in every run, whatever its size and seed, a franchise store, a pop-up of two to four months and a
  regular store that closed during the history, each next to a big city's anchor and each with sales (if no visit
  of a batch went there, a few visits on its open days move to it). Pop-ups draw the shoppers of their city,
  first-time ones above all. Nobody buys or registers a card at a store before it opened or after it closed.
* Late deliveries: the last part file of tmall trades/orders, pos receipts/lines and wechat events holds records
  created before the as-of date but delivered late (mostly recent ones) and newer versions of rows in the main
  part (a trade finished, a receipt re-synced).

Ground truth
------------
``_ground_truth/identities``: (identifier_type, scope, value, person_id), one row per identifier value of a real
person that appears in the raw data (mobiles canonical eleven digits; junk, masked and typed-wrong values belong
to nobody and are absent). ``_ground_truth/persons``: true attributes and BG/NBD parameters per person.
"""

from __future__ import annotations

from .run import Summary, generate

__all__ = ["Summary", "generate"]
