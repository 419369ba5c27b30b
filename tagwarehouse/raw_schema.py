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

STR = pa.string()
INT = pa.int64()
FLOAT = pa.float64()


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
            ("tid", STR, "Trade id (numeric string)."),
            ("app_key", STR, "The ISV app key that pulled the trade; scopes buyer_open_uid."),
            ("seller_nick", STR, "Shop nick."),
            ("shop_type", STR, "B = Tmall mall shop, C = Taobao C-shop."),
            ("buyer_open_uid", STR, "Buyer id scoped to the app key (replaces the retired buyer_nick)."),
            ("receiver_oaid", STR, "Encrypted receiver address id; rotates weekly and identifies nobody."),
            ("receiver_name", STR, "Receiver name, masked (e.g. 张**)."),
            ("receiver_mobile", STR, "Receiver mobile, masked (e.g. 138****5678)."),
            ("receiver_state", STR, "Receiver province (Chinese)."),
            ("receiver_city", STR, "Receiver city (Chinese)."),
            ("status", STR, "Trade status code, e.g. TRADE_FINISHED, TRADE_CLOSED, WAIT_SELLER_SEND_GOODS."),
            ("total_fee", STR, "Goods total before discounts, yuan as a decimal string."),
            ("discount_fee", STR, "Discount, yuan as a decimal string."),
            ("post_fee", STR, "Shipping fee, yuan as a decimal string."),
            ("payment", STR, "Amount paid by the buyer, yuan as a decimal string."),
            ("created", STR, "Trade creation time, Beijing time 'YYYY-MM-DD HH:MM:SS'."),
            ("pay_time", STR, "Payment time, Beijing time; null when unpaid."),
            ("end_time", STR, "Trade end time, Beijing time; null while open."),
            ("modified", STR, "Last modification time, Beijing time; the version key."),
        ),
    ),
    RawTable(
        "tmall",
        "orders",
        "Taobao/Tmall sub-orders (one per SKU line of a trade), with the per-line refund status.",
        (
            ("oid", STR, "Sub-order id."),
            ("tid", STR, "Parent trade id."),
            ("num_iid", STR, "Taobao item id."),
            ("outer_sku_id", STR, "The brand's SKU code set by the seller (joins the product master)."),
            ("title", STR, "Item title (Chinese)."),
            ("price", STR, "Unit price, yuan as a decimal string."),
            ("num", INT, "Quantity."),
            ("total_fee", STR, "Line total after item discount, yuan as a decimal string."),
            ("discount_fee", STR, "Line discount, yuan as a decimal string."),
            ("payment", STR, "Line amount paid, yuan as a decimal string."),
            (
                "refund_status",
                STR,
                "NO_REFUND, WAIT_SELLER_AGREE, WAIT_BUYER_RETURN_GOODS, WAIT_SELLER_CONFIRM_GOODS, SELLER_REFUSE_BUYER, CLOSED, SUCCESS.",
            ),
            ("refund_fee", STR, "Refunded amount, yuan as a decimal string; 0.00 when none."),
            ("status", STR, "Sub-order status code (same code list as the trade)."),
            ("modified", STR, "Last modification time, Beijing time."),
        ),
    ),
    RawTable(
        "tmall",
        "members",
        "Tmall membership binding (会员通): a shop member's ouid/omid bound to a mobile, with level and points.",
        (
            ("seller_nick", STR, "Shop nick; scopes ouid."),
            ("ouid", STR, "Shop-scoped member id."),
            ("omid", STR, "Brand-scoped (cross-shop) member id."),
            ("buyer_open_uid", STR, "The same buyer's app-scoped open uid, when the ISV app can see it."),
            ("app_key", STR, "App key that scopes buyer_open_uid."),
            (
                "mobile",
                STR,
                "Member mobile as entered at binding: formats vary (+86 138 0013 8000, 86-13800138000, ...).",
            ),
            ("grade", STR, "Member grade 1-4 (普通会员, 银卡会员, 金卡会员, 钻石会员)."),
            ("points", INT, "Points balance."),
            ("bind_time", STR, "Binding time, Beijing time."),
            ("unbind_time", STR, "Unbinding time, Beijing time; null while bound."),
            ("modified", STR, "Last modification time, Beijing time."),
        ),
    ),
    # ------------------------------------------------------------------ JD (Jingdong Open Platform)
    RawTable(
        "jd",
        "orders",
        "JD POP orders, one row per order version.",
        (
            ("order_id", STR, "JD order id."),
            ("vender_id", STR, "JD shop (vender) id."),
            ("app_key", STR, "The ISV app key; scopes open_id_buyer."),
            ("open_id_buyer", STR, "Buyer openId scoped to the app."),
            ("pin", STR, "Legacy buyer pin, being retired: mostly null or masked."),
            (
                "order_state",
                STR,
                "WAIT_SELLER_STOCK_OUT, WAIT_GOODS_RECEIVE_CONFIRM, FINISHED_L, TRADE_CANCELED, LOCKED, POP_ORDER_PAUSE.",
            ),
            ("order_total_price", STR, "Goods total, yuan as a decimal string."),
            ("seller_discount", STR, "Seller discount, yuan as a decimal string."),
            ("freight_price", STR, "Freight, yuan as a decimal string."),
            ("order_payment", STR, "Amount paid, yuan as a decimal string."),
            ("consignee_province", STR, "Consignee province (Chinese)."),
            ("consignee_city", STR, "Consignee city (Chinese)."),
            ("consignee_mobile", STR, "Consignee mobile, masked."),
            ("order_start_time", STR, "Order time, Beijing time."),
            ("payment_confirm_time", STR, "Payment confirmation time, Beijing time; null when unpaid."),
            ("order_end_time", STR, "Completion time, Beijing time; null while open."),
            ("modified", STR, "Last modification time, Beijing time."),
        ),
    ),
    RawTable(
        "jd",
        "order_items",
        "JD order lines.",
        (
            ("order_id", STR, "JD order id."),
            ("sku_id", STR, "JD sku id."),
            ("outer_sku_id", STR, "The brand's SKU code (joins the product master)."),
            ("sku_name", STR, "Item name (Chinese)."),
            ("jd_price", STR, "Unit price, yuan as a decimal string."),
            ("item_total", INT, "Quantity."),
            ("item_discount", STR, "Line discount, yuan as a decimal string."),
            ("refund_status", STR, "NONE, REFUNDING, REFUNDED."),
            ("refund_amount", STR, "Refunded amount, yuan as a decimal string."),
        ),
    ),
    RawTable(
        "jd",
        "members",
        "JD shop membership (京东会员通): an app-scoped openId bound to a mobile.",
        (
            ("vender_id", STR, "JD shop id."),
            ("app_key", STR, "App key that scopes open_id."),
            ("open_id", STR, "Member openId scoped to the app (same scope as open_id_buyer)."),
            ("mobile", STR, "Bound mobile; formats vary."),
            ("level", STR, "Member level code (1-5)."),
            ("points", INT, "Points balance."),
            ("bind_time", STR, "Binding time, Beijing time."),
            ("modified", STR, "Last modification time, Beijing time."),
        ),
    ),
    # ------------------------------------------------------------------ Offline stores (POS)
    RawTable(
        "pos",
        "stores",
        "Store master.",
        (
            ("store_code", STR, "Store code."),
            ("store_name", STR, "Store name (Chinese)."),
            ("store_type", STR, "直营 (direct), 加盟 (franchise), 快闪 (pop-up/event)."),
            ("province", STR, "Province (Chinese)."),
            ("city", STR, "City (Chinese)."),
            ("address", STR, "Street address (Chinese)."),
            ("open_date", STR, "Opening date 'YYYY-MM-DD'."),
            ("close_date", STR, "Closing date 'YYYY-MM-DD'; null while open."),
        ),
    ),
    RawTable(
        "pos",
        "member_cards",
        "Store membership cards; re-exported rows repeat with a later updated_at.",
        (
            ("card_no", STR, "Card number."),
            ("mobile", STR, "Mobile typed at the counter: formats vary, sometimes junk."),
            ("name", STR, "Member name (Chinese)."),
            ("gender", STR, "Gender as typed: 男/女/M/F/1/2/未知 or null."),
            ("birthday", STR, "Birthday as typed: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, or junk."),
            (
                "child_birthday",
                STR,
                "The child's birthday (宝宝生日) from the optional family field of the card form, typed like birthday (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, or junk); null when not given.",
            ),
            ("register_store_code", STR, "Store where the card was issued."),
            ("register_time", STR, "Registration time, store local time 'YYYY-MM-DD HH:MM:SS' (no zone)."),
            ("tier", STR, "Card tier: 普卡, 银卡, 金卡, 钻石卡."),
            ("points", INT, "Points balance."),
            ("expire_date", STR, "Card expiry date 'YYYY-MM-DD'."),
            ("updated_at", STR, "Last update, store local time; the version key."),
        ),
    ),
    RawTable(
        "pos",
        "receipts",
        "POS receipt headers: sales and returns (a return references the original receipt, possibly in another store).",
        (
            ("receipt_no", STR, "Receipt number."),
            ("store_code", STR, "Store code."),
            ("card_no", STR, "Member card number; null for walk-ins."),
            ("mobile", STR, "Mobile typed by the cashier, sometimes the clerk's own for walk-ins."),
            ("receipt_type", STR, "SALE or RETURN."),
            ("original_receipt_no", STR, "For a RETURN, the receipt it returns."),
            ("business_time", STR, "Transaction time, store local time 'YYYY/MM/DD HH:MM:SS' (no zone)."),
            ("total_amount", FLOAT, "List total, yuan (positive for both sales and returns)."),
            ("discount_amount", FLOAT, "Discount, yuan."),
            ("paid_amount", FLOAT, "Amount paid (sale) or refunded (return), yuan."),
            ("cashier_id", STR, "Cashier staff id."),
            ("synced_at", STR, "When the POS synced the receipt to HQ, store local time; the version key."),
        ),
    ),
    RawTable(
        "pos",
        "receipt_lines",
        "POS receipt lines.",
        (
            ("receipt_no", STR, "Receipt number."),
            ("line_no", INT, "Line number within the receipt."),
            ("sku", STR, "The brand's SKU code."),
            ("quantity", INT, "Quantity (positive; returns are RETURN receipts)."),
            ("unit_price", FLOAT, "Unit list price, yuan."),
            ("discount_amount", FLOAT, "Line discount, yuan."),
            ("line_amount", FLOAT, "Line amount paid, yuan."),
        ),
    ),
    # ------------------------------------------------------------------ WeChat ecosystem
    RawTable(
        "wechat",
        "oa_followers",
        "Official-account followers (user/info), one row per follower snapshot.",
        (
            ("appid", STR, "Official account appid; scopes openid."),
            ("openid", STR, "Follower openid."),
            ("unionid", STR, "Open Platform unionid; null when the account is not bound."),
            ("subscribe", INT, "1 = following, 0 = unfollowed."),
            ("subscribe_time", INT, "Follow time, epoch seconds (UTC)."),
            (
                "subscribe_scene",
                STR,
                "ADD_SCENE_QR_CODE, ADD_SCENE_SEARCH, ADD_SCENE_ACCOUNT_MIGRATION, ADD_SCENE_PROFILE_CARD, ADD_SCENE_ARTICLE, ADD_SCENE_OTHERS ...",
            ),
            ("qr_scene_str", STR, "Channel QR code scene string, e.g. store_SH001; null if not from a QR code."),
            ("remark", STR, "Operator remark."),
            ("synced_at", INT, "Snapshot time, epoch milliseconds (UTC); the version key."),
        ),
    ),
    RawTable(
        "wechat",
        "mp_users",
        "Mini-program users, with the mobile bound through getPhoneNumber.",
        (
            ("appid", STR, "Mini program appid; scopes openid."),
            ("openid", STR, "User openid."),
            ("unionid", STR, "Open Platform unionid; may be null."),
            ("phone_number", STR, "purePhoneNumber (no country code) if bound."),
            ("country_code", STR, "Country code of the bound phone, usually 86."),
            ("nickname", STR, "Nickname."),
            ("gender", INT, "0 unknown, 1 male, 2 female."),
            ("created_at", INT, "First open, epoch milliseconds (UTC)."),
            ("updated_at", INT, "Last update, epoch milliseconds (UTC); the version key."),
        ),
    ),
    RawTable(
        "wechat",
        "mp_orders",
        "Mini-program mall orders; amounts in fen.",
        (
            ("order_no", STR, "Order number."),
            ("appid", STR, "Mini program appid."),
            ("openid", STR, "Buyer openid."),
            ("status", STR, "WAIT_PAY, PAID, SHIPPED, COMPLETED, CANCELLED, REFUNDING, REFUNDED."),
            ("total_fee", INT, "Goods total, fen."),
            ("discount_fee", INT, "Discount (coupons), fen."),
            ("pay_fee", INT, "Amount paid, fen."),
            ("refund_fee", INT, "Amount refunded, fen."),
            ("coupon_id", STR, "Coupon redeemed, if any."),
            ("receiver_province", STR, "Receiver province (Chinese)."),
            ("receiver_city", STR, "Receiver city (Chinese)."),
            ("created_at", INT, "Order time, epoch milliseconds (UTC)."),
            ("paid_at", INT, "Payment time, epoch milliseconds (UTC); null when unpaid."),
            ("updated_at", INT, "Last update, epoch milliseconds (UTC); the version key."),
        ),
    ),
    RawTable(
        "wechat",
        "mp_order_items",
        "Mini-program order lines; amounts in fen.",
        (
            ("order_no", STR, "Order number."),
            ("item_seq", INT, "Line number."),
            ("sku", STR, "The brand's SKU code."),
            ("quantity", INT, "Quantity."),
            ("unit_price_fee", INT, "Unit price, fen."),
            ("pay_fee", INT, "Line amount paid, fen."),
        ),
    ),
    RawTable(
        "wechat",
        "events",
        "Behaviour events tracked in the mini program and ads (one row per event).",
        (
            ("event_id", STR, "Event id (UUID); re-sent events repeat it."),
            ("appid", STR, "Mini program appid; scopes openid."),
            ("openid", STR, "User openid; null for anonymous ad impressions."),
            ("unionid", STR, "unionid when known."),
            (
                "event_name",
                STR,
                "ad_impression, page_view, search, product_view, ad_click, follow, favorite, add_to_cart, share, comment, coupon_claim, coupon_redeem, ... (new names appear without notice).",
            ),
            ("event_time", INT, "Event time, epoch milliseconds (UTC)."),
            ("properties", STR, "JSON object: keyword, sku, category, page, coupon_id, campaign, share_to ..."),
        ),
    ),
    RawTable(
        "wechat",
        "wecom_contacts",
        "WeCom (企业微信) external contacts with the staff member who added them and the staff-entered tags.",
        (
            ("corp_id", STR, "WeCom corp id; scopes external_userid."),
            ("external_userid", STR, "External contact id."),
            ("unionid", STR, "unionid of the contact's WeChat, when available."),
            ("name", STR, "Contact's WeChat name."),
            ("staff_userid", STR, "Staff member who added the contact."),
            ("staff_name", STR, "Staff member's name."),
            ("store_code", STR, "Store the staff member belongs to; null for HQ staff."),
            ("add_time", INT, "When the contact was added, epoch seconds (UTC)."),
            (
                "add_way",
                INT,
                "How the contact was added: 1 QR code, 2 mobile search, 3 shared card, 202 admin-assigned ...",
            ),
            ("state", STR, "Channel code carried by the contact-me QR code."),
            ("remark_mobiles", STR, "Mobiles the staff member typed into the remark, comma-separated."),
            (
                "tags",
                STR,
                'JSON array of staff-entered tags [{"group": "肤质", "tag": "油皮"}], free text that can be misspelt.',
            ),
            ("updated_at", INT, "Last update, epoch seconds (UTC); the version key."),
        ),
    ),
    # ------------------------------------------------------------------ Product master (ERP)
    RawTable(
        "erp",
        "products",
        "Product master: one row per SKU.",
        (
            ("sku", STR, "The brand's SKU code."),
            ("model_code", STR, "Product model code, e.g. T60."),
            ("product_name", STR, "Product name (Chinese)."),
            ("category", STR, "Category (Chinese)."),
            ("colour", STR, "Colour (Chinese)."),
            ("size", STR, "Size, e.g. S/M/L/XL or 36-44."),
            ("list_price", FLOAT, "List price, yuan."),
            ("launch_date", STR, "Launch date 'YYYY-MM-DD'."),
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
