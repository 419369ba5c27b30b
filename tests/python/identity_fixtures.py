"""Hand-made raw datasets for OneID fixture builds.

`RawDataset` collects a few raw rows per table through one small method per record type (a mini-program user, a
store card, a receipt ...), each with usable defaults, and writes them as a complete raw folder: every raw table of
`tagwarehouse.raw_schema` is present with its full schema, with zero rows unless given. A test then builds the
project on it with `build_identity` (a scratch DuckDB file, the identity marts and their parents) and reads the
marts with `query`.

Times are given as `datetime` in Beijing wall clock and written in each source's own format (Tmall/JD/POS strings,
WeChat epoch milliseconds or seconds in UTC), so `first_seen_at` in the marts is the time given here.

`project_copy` makes a throw-away copy of the dbt project with some files replaced (for example a seed with an extra
blocklist row or manual corrections), for the day-2 builds that change the rules.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from tagwarehouse.raw_schema import RAW_TABLES, RawTable

from .conftest import PROJECT_ROOT, run_dbt

# The brand's apps (seeds/identity/identity_wechat_apps.csv): the legacy mini program has no Open Platform account.
OA_APPID = "wx3f8a2c6e1b9d4075"
MP_APPID = "wx7c1e5a9b3d2f8064"
LEGACY_MP_APPID = "wx9b4d0f6a2e8c1357"
WECOM_CORP_ID = "ww5e2a9c7f1b3d8460"
TMALL_SHOP = "知岸官方旗舰店"
TMALL_APP_KEY = "23456789"
JD_APP_KEY = "6F2C9A7E4B1D8053A7C4E9F0B2D6A815"
JD_VENDER_ID = "10086"
STORE_CODE = "SH001"
BRAND = "zhian"

DEFAULT_AT = datetime(2024, 3, 1, 10, 0, 0)
BEIJING_OFFSET = timedelta(hours=8)

# What `dbt build` selects for an identity fixture: the identity marts and everything they read. Tests whose parents
# are not all built (e.g. order-line tests of staging) are left out by cautious indirect selection.
IDENTITY_SELECTION = ["--select", "+path:models/marts/identity", "--indirect-selection", "cautious"]

_TABLES: dict[str, RawTable] = {t.folder.replace("/", "."): t for t in RAW_TABLES}


def _tmall_time(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S")


def _pos_business_time(at: datetime) -> str:
    return at.strftime("%Y/%m/%d %H:%M:%S")


def _epoch_ms(at: datetime) -> int:
    return int((at - BEIJING_OFFSET).replace(tzinfo=UTC).timestamp() * 1000)


def _epoch_s(at: datetime) -> int:
    return _epoch_ms(at) // 1000


@dataclass
class RawDataset:
    """Raw rows by table ('source.table' -> list of column dicts); missing columns are NULL."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    # ------------------------------------------------------------------ generic
    def add(self, table: str, **values: Any) -> RawDataset:
        """Adds one raw row to `table` ('wechat.mp_users'); unknown tables and columns are an error."""
        if table not in _TABLES:
            raise KeyError(f"unknown raw table {table!r}; known: {sorted(_TABLES)}")
        unknown = set(values) - {name for name, _, _ in _TABLES[table].columns}
        if unknown:
            raise KeyError(f"{table} has no column(s) {sorted(unknown)}")
        self.rows.setdefault(table, []).append(dict(values))
        return self

    def extend(self, other: RawDataset) -> RawDataset:
        """Adds every row of `other` (a copy), returns self."""
        for table, rows in other.rows.items():
            self.rows.setdefault(table, []).extend(dict(r) for r in rows)
        return self

    def copy(self) -> RawDataset:
        return RawDataset().extend(self)

    def shuffled_and_duplicated(self, seed: int = 7, duplicate_share: float = 0.5) -> RawDataset:
        """The same rows in another order, with about `duplicate_share` of them delivered twice (a re-sync)."""
        rng = random.Random(seed)
        result = RawDataset()
        for table in sorted(self.rows):
            rows = [dict(r) for r in self.rows[table]]
            rows += [dict(r) for r in rows if rng.random() < duplicate_share]
            rng.shuffle(rows)
            result.rows[table] = rows
        return result

    def write(self, root: Path, parts: int = 1) -> Path:
        """Writes every raw table under `root` (<source>/<table>/part-N.parquet, the rows spread over `parts`
        files, an empty table as one file with zero rows). Returns `root`."""
        for key, table in _TABLES.items():
            folder = root / table.source / table.name
            folder.mkdir(parents=True, exist_ok=True)
            rows = self.rows.get(key, [])
            chunks = [rows[i::parts] for i in range(parts)] if rows else [[]]
            for n, chunk in enumerate(chunks):
                columns = {name: [r.get(name) for r in chunk] for name, _, _ in table.columns}
                pq.write_table(pa.table(columns, schema=table.schema), folder / f"part-{n}.parquet")
        return root

    # ------------------------------------------------------------------ WeChat
    def oa_follower(
        self, openid: str, unionid: str | None = None, *, appid: str = OA_APPID, at: datetime = DEFAULT_AT
    ) -> RawDataset:
        return self.add(
            "wechat.oa_followers",
            appid=appid,
            openid=openid,
            unionid=unionid,
            subscribe=1,
            subscribe_time=_epoch_s(at),
            subscribe_scene="ADD_SCENE_QR_CODE",
            synced_at=_epoch_ms(at),
        )

    def mp_user(
        self,
        openid: str,
        unionid: str | None = None,
        phone: str | None = None,
        *,
        appid: str = MP_APPID,
        at: datetime = DEFAULT_AT,
    ) -> RawDataset:
        """A mini-program user; `phone` is the purePhoneNumber bound through getPhoneNumber (country code 86)."""
        return self.add(
            "wechat.mp_users",
            appid=appid,
            openid=openid,
            unionid=unionid,
            phone_number=phone,
            country_code="86" if phone else None,
            nickname="测试",
            gender=2,
            created_at=_epoch_ms(at),
            updated_at=_epoch_ms(at),
        )

    def mp_order(self, order_no: str, openid: str, *, appid: str = MP_APPID, at: datetime = DEFAULT_AT) -> RawDataset:
        return self.add(
            "wechat.mp_orders",
            order_no=order_no,
            appid=appid,
            openid=openid,
            status="COMPLETED",
            total_fee=19900,
            discount_fee=0,
            pay_fee=19900,
            refund_fee=0,
            receiver_province="上海",
            receiver_city="上海市",
            created_at=_epoch_ms(at),
            paid_at=_epoch_ms(at),
            updated_at=_epoch_ms(at),
        )

    def event(
        self,
        event_id: str,
        openid: str | None,
        unionid: str | None = None,
        *,
        appid: str = MP_APPID,
        name: str = "page_view",
        at: datetime = DEFAULT_AT,
    ) -> RawDataset:
        return self.add(
            "wechat.events",
            event_id=event_id,
            appid=appid,
            openid=openid,
            unionid=unionid,
            event_name=name,
            event_time=_epoch_ms(at),
            properties="{}",
        )

    def wecom_contact(
        self,
        external_userid: str,
        unionid: str | None = None,
        remark_mobiles: str | None = None,
        *,
        staff_userid: str = "staff01",
        at: datetime = DEFAULT_AT,
    ) -> RawDataset:
        return self.add(
            "wechat.wecom_contacts",
            corp_id=WECOM_CORP_ID,
            external_userid=external_userid,
            unionid=unionid,
            name="测试",
            staff_userid=staff_userid,
            staff_name="店员",
            store_code=STORE_CODE,
            add_time=_epoch_s(at),
            add_way=1,
            remark_mobiles=remark_mobiles,
            tags="[]",
            updated_at=_epoch_s(at),
        )

    # ------------------------------------------------------------------ Tmall / JD
    def tmall_member(
        self,
        ouid: str,
        omid: str | None = None,
        buyer_open_uid: str | None = None,
        mobile: str | None = None,
        *,
        shop: str = TMALL_SHOP,
        at: datetime = DEFAULT_AT,
    ) -> RawDataset:
        return self.add(
            "tmall.members",
            seller_nick=shop,
            ouid=ouid,
            omid=omid,
            buyer_open_uid=buyer_open_uid,
            app_key=TMALL_APP_KEY,
            mobile=mobile,
            grade="1",
            points=0,
            bind_time=_tmall_time(at),
            modified=_tmall_time(at),
        )

    def tmall_trade(self, tid: str, buyer_open_uid: str | None, *, at: datetime = DEFAULT_AT) -> RawDataset:
        return self.add(
            "tmall.trades",
            tid=tid,
            app_key=TMALL_APP_KEY,
            seller_nick=TMALL_SHOP,
            shop_type="B",
            buyer_open_uid=buyer_open_uid,
            receiver_mobile="138****0000",
            receiver_state="浙江省",
            receiver_city="杭州市",
            status="TRADE_FINISHED",
            total_fee="199.00",
            discount_fee="0.00",
            post_fee="0.00",
            payment="199.00",
            created=_tmall_time(at),
            pay_time=_tmall_time(at),
            end_time=_tmall_time(at),
            modified=_tmall_time(at),
        )

    def jd_member(self, open_id: str, mobile: str | None = None, *, at: datetime = DEFAULT_AT) -> RawDataset:
        return self.add(
            "jd.members",
            vender_id=JD_VENDER_ID,
            app_key=JD_APP_KEY,
            open_id=open_id,
            mobile=mobile,
            level="1",
            points=0,
            bind_time=_tmall_time(at),
            modified=_tmall_time(at),
        )

    def jd_order(self, order_id: str, open_id: str | None, *, at: datetime = DEFAULT_AT) -> RawDataset:
        return self.add(
            "jd.orders",
            order_id=order_id,
            vender_id=JD_VENDER_ID,
            app_key=JD_APP_KEY,
            open_id_buyer=open_id,
            order_state="FINISHED_L",
            order_total_price="99.00",
            seller_discount="0.00",
            freight_price="0.00",
            order_payment="99.00",
            consignee_province="北京",
            consignee_city="北京市",
            consignee_mobile="139****0000",
            order_start_time=_tmall_time(at),
            payment_confirm_time=_tmall_time(at),
            order_end_time=_tmall_time(at),
            modified=_tmall_time(at),
        )

    # ------------------------------------------------------------------ stores
    def store(self, store_code: str = STORE_CODE) -> RawDataset:
        return self.add(
            "pos.stores",
            store_code=store_code,
            store_name="上海南京西路店",
            store_type="直营",
            province="上海",
            city="上海市",
            address="南京西路1号",
            open_date="2020-01-01",
        )

    def member_card(self, card_no: str, mobile: str | None = None, *, at: datetime = DEFAULT_AT) -> RawDataset:
        return self.add(
            "pos.member_cards",
            card_no=card_no,
            mobile=mobile,
            name="张三",
            gender="女",
            birthday="1990-01-01",
            register_store_code=STORE_CODE,
            register_time=_tmall_time(at),
            tier="普卡",
            points=0,
            expire_date="2030-12-31",
            updated_at=_tmall_time(at),
        )

    def receipt(
        self, receipt_no: str, card_no: str | None, mobile: str | None = None, *, at: datetime = DEFAULT_AT
    ) -> RawDataset:
        return self.add(
            "pos.receipts",
            receipt_no=receipt_no,
            store_code=STORE_CODE,
            card_no=card_no,
            mobile=mobile,
            receipt_type="SALE",
            business_time=_pos_business_time(at),
            total_amount=299.0,
            discount_amount=0.0,
            paid_amount=299.0,
            cashier_id="c01",
            synced_at=_tmall_time(at),
        )


# ---------------------------------------------------------------------- building and reading


def project_copy(destination: Path, replaced_files: Mapping[str, str] | None = None) -> Path:
    """A copy of the dbt project (no .venv, target, data, logs or git) with some files replaced (relative path ->
    new text), e.g. {'seeds/identity/identity_blocklist.csv': ...}. Returns the copy's root."""
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "target", "data", "logs", "dbt_packages", "*.duckdb*", "__pycache__"
    )
    shutil.copytree(PROJECT_ROOT, destination, ignore=ignore)
    for relative, text in (replaced_files or {}).items():
        (destination / relative).write_text(text)
    return destination


def with_extra_csv_rows(relative_path: str, rows: Iterable[Sequence[str]]) -> str:
    """The text of the project's CSV at `relative_path` with `rows` appended (values with commas are quoted)."""
    text = (PROJECT_ROOT / relative_path).read_text()
    if not text.endswith("\n"):
        text += "\n"
    for row in rows:
        text += ",".join(f'"{v}"' if "," in v else v for v in row) + "\n"
    return text


def build_identity(
    raw: Path,
    db_path: Path,
    *,
    command: str = "build",
    project_dir: Path = PROJECT_ROOT,
    extra_args: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    """`dbt <command>` of the identity marts and their parents on `raw` into the DuckDB file `db_path`; raises with
    dbt's output when it fails."""
    args = [command, *IDENTITY_SELECTION, *extra_args]
    result = run_dbt(args, raw_data=raw, db_path=db_path, project_dir=project_dir)
    if result.returncode != 0:
        failures = [line for line in result.stdout.splitlines() if "ERROR" in line or "FAIL" in line or "Error" in line]
        raise AssertionError(
            f"dbt {' '.join(args)} failed:\n" + "\n".join(failures[-40:]) + "\n" + result.stdout[-6000:]
        )
    return result


def query(db_path: Path, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows of `sql` on the built DuckDB file (read only). Marts are in main_marts (the identity map,
    the audit and dim_members_pii in main_restricted), intermediates in main_intermediate, seeds in main_config."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def member_of(db_path: Path, identifier_type: str, value: str, scope: str | None = None) -> str | None:
    """The member_id of one identifier in member_identity_map, or None when it belongs to no member."""
    sql = "select member_id from main_restricted.member_identity_map where identifier_type = ? and identifier_value = ?"
    params: list[Any] = [identifier_type, value]
    if scope is not None:
        sql += " and scope = ?"
        params.append(scope)
    rows = query(db_path, sql, params)
    if len(rows) > 1:
        raise AssertionError(f"{identifier_type} {value} is in several scopes; give the scope")
    return rows[0][0] if rows else None
