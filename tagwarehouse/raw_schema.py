"""The raw data contract: every raw table the source systems deliver, with its columns and Arrow types.

Layout on disk: ``<raw_data_path>/<source>/<table>/*.parquet`` (a folder per table, one or more part files, so a
later delivery or a late-arriving batch is just another part file). The dbt sources in
``models/staging/<source>/_<source>__sources.yml`` declare the same columns; a test keeps the two in step.

Types are what the source systems really deliver: Taobao/Tmall and JD APIs hand money over as decimal strings and
times as Beijing wall-clock strings; WeChat hands money over in fen (integer cents) and times as epoch
milliseconds (UTC) or epoch seconds; the store POS exports local wall-clock strings with no zone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

S = pa.string()
I = pa.int64()
F = pa.float64()


@dataclass(frozen=True)
class RawTable:
    source: str
    name: str
    description: str
    columns: tuple[tuple[str, pa.DataType, str], ...]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([(name, dtype) for name, dtype, _ in self.columns])

    @property
    def folder(self) -> str:
        return f"{self.source}/{self.name}"


RAW_TABLES: tuple[RawTable, ...] = (
    # ------------------------------------------------------------------ Tmall / Taobao (Taobao Open Platform)
    RawTable(
        "tmall",
        "trades",
        "Taobao/Tmall trades (taobao.trades.sold.get), one row per trade version; re-synced trades repeat with a later modified.",
        (
            ("tid", S, "Trade id (numeric string)."),
            ("app_key", S, "The ISV app key that pulled the trade; scopes buyer_open_uid."),
            ("seller_nick", S, "Shop nick."),
            ("shop_type", S, "B = Tmall mall shop, C = Taobao C-shop."),
            ("buyer_open_uid", S, "Buyer id scoped to the app key (replaces the retired buyer_nick)."),
            ("receiver_oaid", S, "Encrypted receiver address id; rotates weekly and identifies nobody."),
            ("receiver_name", S, "Receiver name, masked (e.g. 张**)."),
            ("receiver_mobile", S, "Receiver mobile, masked (e.g. 138****5678)."),
            ("receiver_state", S, "Receiver province (Chinese)."),
            ("receiver_city", S, "Receiver city (Chinese)."),
            ("status", S, "Trade status code, e.g. TRADE_FINISHED, TRADE_CLOSED, WAIT_SELLER_SEND_GOODS."),
            ("total_fee", S, "Goods total before discounts, yuan as a decimal string."),
            ("discount_fee", S, "Discount, yuan as a decimal string."),
            ("post_fee", S, "Shipping fee, yuan as a decimal string."),
            ("payment", S, "Amount paid by the buyer, yuan as a decimal string."),
            ("created", S, "Trade creation time, Beijing time 'YYYY-MM-DD HH:MM:SS'."),
            ("pay_time", S, "Payment time, Beijing time; null when unpaid."),
            ("end_time", S, "Trade end time, Beijing time; null while open."),
            ("modified", S, "Last modification time, Beijing time; the version key."),
        ),
    ),
    RawTable(
        "tmall",
        "orders",
        "Taobao/Tmall sub-orders (one per SKU line of a trade), with the per-line refund status.",
        (
            ("oid", S, "Sub-order id."),
            ("tid", S, "Parent trade id."),
            ("num_iid", S, "Taobao item id."),
            ("outer_sku_id", S, "The brand's SKU code set by the seller (joins the product master)."),
            ("title", S, "Item title (Chinese)."),
            ("price", S, "Unit price, yuan as a decimal string."),
            ("num", I, "Quantity."),
            ("total_fee", S, "Line total after item discount, yuan as a decimal string."),
            ("discount_fee", S, "Line discount, yuan as a decimal string."),
            ("payment", S, "Line amount paid, yuan as a decimal string."),
            ("refund_status", S, "NO_REFUND, WAIT_SELLER_AGREE, WAIT_BUYER_RETURN_GOODS, WAIT_SELLER_CONFIRM_GOODS, SELLER_REFUSE_BUYER, CLOSED, SUCCESS."),
            ("refund_fee", S, "Refunded amount, yuan as a decimal string; 0.00 when none."),
            ("status", S, "Sub-order status code (same code list as the trade)."),
            ("modified", S, "Last modification time, Beijing time."),
        ),
    ),
    RawTable(
        "tmall",
        "members",
        "Tmall membership binding (会员通): a shop member's ouid/omid bound to a mobile, with level and points.",
        (
            ("seller_nick", S, "Shop nick; scopes ouid."),
            ("ouid", S, "Shop-scoped member id."),
            ("omid", S, "Brand-scoped (cross-shop) member id."),
            ("buyer_open_uid", S, "The same buyer's app-scoped open uid, when the ISV app can see it."),
            ("app_key", S, "App key that scopes buyer_open_uid."),
            ("mobile", S, "Member mobile as entered at binding: formats vary (+86 138 0013 8000, 86-13800138000, ...)."),
            ("grade", S, "Member grade 1-4 (普通会员, 银卡会员, 金卡会员, 钻石会员)."),
            ("points", I, "Points balance."),
            ("bind_time", S, "Binding time, Beijing time."),
            ("unbind_time", S, "Unbinding time, Beijing time; null while bound."),
            ("modified", S, "Last modification time, Beijing time."),
        ),
    ),
    # ------------------------------------------------------------------ JD (Jingdong Open Platform)
    RawTable(
        "jd",
        "orders",
        "JD POP orders, one row per order version.",
        (
            ("order_id", S, "JD order id."),
            ("vender_id", S, "JD shop (vender) id."),
            ("app_key", S, "The ISV app key; scopes open_id_buyer."),
            ("open_id_buyer", S, "Buyer openId scoped to the app."),
            ("pin", S, "Legacy buyer pin, being retired: mostly null or masked."),
            ("order_state", S, "WAIT_SELLER_STOCK_OUT, WAIT_GOODS_RECEIVE_CONFIRM, FINISHED_L, TRADE_CANCELED, LOCKED, POP_ORDER_PAUSE."),
            ("order_total_price", S, "Goods total, yuan as a decimal string."),
            ("seller_discount", S, "Seller discount, yuan as a decimal string."),
            ("freight_price", S, "Freight, yuan as a decimal string."),
            ("order_payment", S, "Amount paid, yuan as a decimal string."),
            ("consignee_province", S, "Consignee province (Chinese)."),
            ("consignee_city", S, "Consignee city (Chinese)."),
            ("consignee_mobile", S, "Consignee mobile, masked."),
            ("order_start_time", S, "Order time, Beijing time."),
            ("payment_confirm_time", S, "Payment confirmation time, Beijing time; null when unpaid."),
            ("order_end_time", S, "Completion time, Beijing time; null while open."),
            ("modified", S, "Last modification time, Beijing time."),
        ),
    ),
    RawTable(
        "jd",
        "order_items",
        "JD order lines.",
        (
            ("order_id", S, "JD order id."),
            ("sku_id", S, "JD sku id."),
            ("outer_sku_id", S, "The brand's SKU code (joins the product master)."),
            ("sku_name", S, "Item name (Chinese)."),
            ("jd_price", S, "Unit price, yuan as a decimal string."),
            ("item_total", I, "Quantity."),
            ("item_discount", S, "Line discount, yuan as a decimal string."),
            ("refund_status", S, "NONE, REFUNDING, REFUNDED."),
            ("refund_amount", S, "Refunded amount, yuan as a decimal string."),
        ),
    ),
    RawTable(
        "jd",
        "members",
        "JD shop membership (京东会员通): an app-scoped openId bound to a mobile.",
        (
            ("vender_id", S, "JD shop id."),
            ("app_key", S, "App key that scopes open_id."),
            ("open_id", S, "Member openId scoped to the app (same scope as open_id_buyer)."),
            ("mobile", S, "Bound mobile; formats vary."),
            ("level", S, "Member level code (1-5)."),
            ("points", I, "Points balance."),
            ("bind_time", S, "Binding time, Beijing time."),
            ("modified", S, "Last modification time, Beijing time."),
        ),
    ),
    # ------------------------------------------------------------------ Offline stores (POS)
    RawTable(
        "pos",
        "stores",
        "Store master.",
        (
            ("store_code", S, "Store code."),
            ("store_name", S, "Store name (Chinese)."),
            ("store_type", S, "直营 (direct), 加盟 (franchise), 快闪 (pop-up/event)."),
            ("province", S, "Province (Chinese)."),
            ("city", S, "City (Chinese)."),
            ("address", S, "Street address (Chinese)."),
            ("open_date", S, "Opening date 'YYYY-MM-DD'."),
            ("close_date", S, "Closing date 'YYYY-MM-DD'; null while open."),
        ),
    ),
    RawTable(
        "pos",
        "member_cards",
        "Store membership cards; re-exported rows repeat with a later updated_at.",
        (
            ("card_no", S, "Card number."),
            ("mobile", S, "Mobile typed at the counter: formats vary, sometimes junk."),
            ("name", S, "Member name (Chinese)."),
            ("gender", S, "Gender as typed: 男/女/M/F/1/2/未知 or null."),
            ("birthday", S, "Birthday as typed: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, or junk."),
            ("register_store_code", S, "Store where the card was issued."),
            ("register_time", S, "Registration time, store local time 'YYYY-MM-DD HH:MM:SS' (no zone)."),
            ("tier", S, "Card tier: 普卡, 银卡, 金卡, 钻石卡."),
            ("points", I, "Points balance."),
            ("expire_date", S, "Card expiry date 'YYYY-MM-DD'."),
            ("updated_at", S, "Last update, store local time; the version key."),
        ),
    ),
    RawTable(
        "pos",
        "receipts",
        "POS receipt headers: sales and returns (a return references the original receipt, possibly in another store).",
        (
            ("receipt_no", S, "Receipt number."),
            ("store_code", S, "Store code."),
            ("card_no", S, "Member card number; null for walk-ins."),
            ("mobile", S, "Mobile typed by the cashier, sometimes the clerk's own for walk-ins."),
            ("receipt_type", S, "SALE or RETURN."),
            ("original_receipt_no", S, "For a RETURN, the receipt it returns."),
            ("business_time", S, "Transaction time, store local time 'YYYY/MM/DD HH:MM:SS' (no zone)."),
            ("total_amount", F, "List total, yuan (positive for both sales and returns)."),
            ("discount_amount", F, "Discount, yuan."),
            ("paid_amount", F, "Amount paid (sale) or refunded (return), yuan."),
            ("cashier_id", S, "Cashier staff id."),
            ("synced_at", S, "When the POS synced the receipt to HQ, store local time; the version key."),
        ),
    ),
    RawTable(
        "pos",
        "receipt_lines",
        "POS receipt lines.",
        (
            ("receipt_no", S, "Receipt number."),
            ("line_no", I, "Line number within the receipt."),
            ("sku", S, "The brand's SKU code."),
            ("quantity", I, "Quantity (positive; returns are RETURN receipts)."),
            ("unit_price", F, "Unit list price, yuan."),
            ("discount_amount", F, "Line discount, yuan."),
            ("line_amount", F, "Line amount paid, yuan."),
        ),
    ),
    # ------------------------------------------------------------------ WeChat ecosystem
    RawTable(
        "wechat",
        "oa_followers",
        "Official-account followers (user/info), one row per follower snapshot.",
        (
            ("appid", S, "Official account appid; scopes openid."),
            ("openid", S, "Follower openid."),
            ("unionid", S, "Open Platform unionid; null when the account is not bound."),
            ("subscribe", I, "1 = following, 0 = unfollowed."),
            ("subscribe_time", I, "Follow time, epoch seconds (UTC)."),
            ("subscribe_scene", S, "ADD_SCENE_QR_CODE, ADD_SCENE_SEARCH, ADD_SCENE_ACCOUNT_MIGRATION, ADD_SCENE_PROFILE_CARD, ADD_SCENE_ARTICLE, ADD_SCENE_OTHERS ..."),
            ("qr_scene_str", S, "Channel QR code scene string, e.g. store_SH001; null if not from a QR code."),
            ("remark", S, "Operator remark."),
            ("synced_at", I, "Snapshot time, epoch milliseconds (UTC); the version key."),
        ),
    ),
    RawTable(
        "wechat",
        "mp_users",
        "Mini-program users, with the mobile bound through getPhoneNumber.",
        (
            ("appid", S, "Mini program appid; scopes openid."),
            ("openid", S, "User openid."),
            ("unionid", S, "Open Platform unionid; may be null."),
            ("phone_number", S, "purePhoneNumber (no country code) if bound."),
            ("country_code", S, "Country code of the bound phone, usually 86."),
            ("nickname", S, "Nickname."),
            ("gender", I, "0 unknown, 1 male, 2 female."),
            ("created_at", I, "First open, epoch milliseconds (UTC)."),
            ("updated_at", I, "Last update, epoch milliseconds (UTC); the version key."),
        ),
    ),
    RawTable(
        "wechat",
        "mp_orders",
        "Mini-program mall orders; amounts in fen.",
        (
            ("order_no", S, "Order number."),
            ("appid", S, "Mini program appid."),
            ("openid", S, "Buyer openid."),
            ("status", S, "WAIT_PAY, PAID, SHIPPED, COMPLETED, CANCELLED, REFUNDING, REFUNDED."),
            ("total_fee", I, "Goods total, fen."),
            ("discount_fee", I, "Discount (coupons), fen."),
            ("pay_fee", I, "Amount paid, fen."),
            ("refund_fee", I, "Amount refunded, fen."),
            ("coupon_id", S, "Coupon redeemed, if any."),
            ("receiver_province", S, "Receiver province (Chinese)."),
            ("receiver_city", S, "Receiver city (Chinese)."),
            ("created_at", I, "Order time, epoch milliseconds (UTC)."),
            ("paid_at", I, "Payment time, epoch milliseconds (UTC); null when unpaid."),
            ("updated_at", I, "Last update, epoch milliseconds (UTC); the version key."),
        ),
    ),
    RawTable(
        "wechat",
        "mp_order_items",
        "Mini-program order lines; amounts in fen.",
        (
            ("order_no", S, "Order number."),
            ("item_seq", I, "Line number."),
            ("sku", S, "The brand's SKU code."),
            ("quantity", I, "Quantity."),
            ("unit_price_fee", I, "Unit price, fen."),
            ("pay_fee", I, "Line amount paid, fen."),
        ),
    ),
    RawTable(
        "wechat",
        "events",
        "Behaviour events tracked in the mini program and ads (one row per event).",
        (
            ("event_id", S, "Event id (UUID); re-sent events repeat it."),
            ("appid", S, "Mini program appid; scopes openid."),
            ("openid", S, "User openid; null for anonymous ad impressions."),
            ("unionid", S, "unionid when known."),
            ("event_name", S, "ad_impression, page_view, search, product_view, ad_click, follow, favorite, add_to_cart, share, comment, coupon_claim, coupon_redeem, ... (new names appear without notice)."),
            ("event_time", I, "Event time, epoch milliseconds (UTC)."),
            ("properties", S, "JSON object: keyword, sku, category, page, coupon_id, campaign, share_to ..."),
        ),
    ),
    RawTable(
        "wechat",
        "wecom_contacts",
        "WeCom (企业微信) external contacts with the staff member who added them and the staff-entered tags.",
        (
            ("corp_id", S, "WeCom corp id; scopes external_userid."),
            ("external_userid", S, "External contact id."),
            ("unionid", S, "unionid of the contact's WeChat, when available."),
            ("name", S, "Contact's WeChat name."),
            ("staff_userid", S, "Staff member who added the contact."),
            ("staff_name", S, "Staff member's name."),
            ("store_code", S, "Store the staff member belongs to; null for HQ staff."),
            ("add_time", I, "When the contact was added, epoch seconds (UTC)."),
            ("add_way", I, "How the contact was added: 1 QR code, 2 mobile search, 3 shared card, 202 admin-assigned ..."),
            ("state", S, "Channel code carried by the contact-me QR code."),
            ("remark_mobiles", S, "Mobiles the staff member typed into the remark, comma-separated."),
            ("tags", S, "JSON array of staff-entered tags [{\"group\": \"肤质\", \"tag\": \"油皮\"}], free text that can be misspelt."),
            ("updated_at", I, "Last update, epoch seconds (UTC); the version key."),
        ),
    ),
    # ------------------------------------------------------------------ Product master (ERP)
    RawTable(
        "erp",
        "products",
        "Product master: one row per SKU.",
        (
            ("sku", S, "The brand's SKU code."),
            ("model_code", S, "Product model code, e.g. T60."),
            ("product_name", S, "Product name (Chinese)."),
            ("category", S, "Category (Chinese)."),
            ("colour", S, "Colour (Chinese)."),
            ("size", S, "Size, e.g. S/M/L/XL or 36-44."),
            ("list_price", F, "List price, yuan."),
            ("launch_date", S, "Launch date 'YYYY-MM-DD'."),
        ),
    ),
)

GROUND_TRUTH_FOLDER = "_ground_truth"
"""Where the generator writes the true person behind every raw identifier. No dbt model reads it."""


def table(source: str, name: str) -> RawTable:
    for t in RAW_TABLES:
        if t.source == source and t.name == name:
            return t
    raise KeyError(f"{source}.{name}")
