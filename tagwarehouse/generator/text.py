"""Vectorised string building: numbers, dates, money, phones and ids become Arrow string arrays without a Python
loop per row.

Most builders assemble a ``(rows, width)`` matrix of ASCII bytes with numpy and hand its buffer to Arrow
(``StringArray.from_buffers``); variable pieces are joined with ``pyarrow.compute``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

Piece = str | np.ndarray
"""A piece of a fixed-width string: a literal, or a ``(rows, width)`` uint8 matrix of characters."""

_ZERO = ord("0")
_CENTS = pa.array([f"{i:02d}" for i in range(100)], pa.string())
_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_HEX_PAIRS = np.array([[_HEX[b >> 4], _HEX[b & 15]] for b in range(256)], dtype=np.uint8)  # byte -> two characters


def from_matrix(mat: np.ndarray) -> pa.StringArray:
    """A string array from a ``(rows, width)`` uint8 matrix: every row is one string of exactly ``width`` bytes."""
    rows, width = mat.shape
    offsets = np.arange(rows + 1, dtype=np.int64) * width
    if offsets[-1] < 2**31:
        return pa.StringArray.from_buffers(
            rows, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(np.ascontiguousarray(mat, dtype=np.uint8))
        )
    return pa.LargeStringArray.from_buffers(  # pragma: no cover - only for gigantic batches
        rows, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(mat, dtype=np.uint8))
    ).cast(pa.string())


def concat(rows: int, pieces: Sequence[Piece]) -> np.ndarray:
    """Joins literals and character matrices side by side into one ``(rows, width)`` matrix."""
    parts = []
    for piece in pieces:
        if isinstance(piece, str):
            lit = np.frombuffer(piece.encode("utf-8"), dtype=np.uint8)
            parts.append(np.broadcast_to(lit, (rows, lit.size)))
        else:
            parts.append(piece)
    return np.concatenate(parts, axis=1) if parts else np.empty((rows, 0), dtype=np.uint8)


def fixed(rows: int, pieces: Sequence[Piece]) -> pa.StringArray:
    """``from_matrix(concat(...))``."""
    return from_matrix(concat(rows, pieces))


def digits(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded decimal digits of non-negative integers as a ``(rows, width)`` character matrix."""
    v = np.asarray(values).astype(np.uint64)
    out = np.empty((v.size, width), dtype=np.uint8)
    for pos in range(width - 1, -1, -1):
        out[:, pos] = (v % np.uint64(10)).astype(np.uint8) + _ZERO
        v = v // np.uint64(10)
    return out


def encode(values: np.ndarray, alphabet: bytes, width: int) -> np.ndarray:
    """Fixed-width base-``len(alphabet)`` encoding of uint64 values (least significant character last)."""
    table = np.frombuffer(alphabet, dtype=np.uint8)
    base = np.uint64(len(alphabet))
    v = np.asarray(values).astype(np.uint64)
    out = np.empty((v.size, width), dtype=np.uint8)
    for pos in range(width - 1, -1, -1):
        out[:, pos] = table[(v % base).astype(np.intp)]
        v = v // base
    return out


def hex_matrix(raw: np.ndarray) -> np.ndarray:
    """Lower-case hex of a ``(rows, k)`` uint8 matrix as a ``(rows, 2k)`` character matrix."""
    return _HEX_PAIRS[raw].reshape(raw.shape[0], raw.shape[1] * 2)


def uuid1(unix_ms: np.ndarray, ticks: np.ndarray, node: np.ndarray, clock_seq: np.ndarray) -> pa.StringArray:
    """Version-1 (time-based) UUID strings, as a device SDK makes them: a 60-bit timestamp in 100 ns ticks since
    1582-10-15 (``ticks`` adds the sub-millisecond part), a 14-bit clock sequence and a 48-bit node id."""
    ts = (np.asarray(unix_ms, dtype=np.int64) * 10000 + np.asarray(ticks, dtype=np.int64) + 0x01B21DD213814000).astype(
        np.uint64
    )
    rows = ts.size
    raw = np.empty((rows, 16), dtype=np.uint8)
    time_low = ts & np.uint64(0xFFFFFFFF)
    time_mid = (ts >> np.uint64(32)) & np.uint64(0xFFFF)
    time_hi = ((ts >> np.uint64(48)) & np.uint64(0x0FFF)) | np.uint64(0x1000)
    for k in range(4):
        raw[:, k] = ((time_low >> np.uint64(8 * (3 - k))) & np.uint64(0xFF)).astype(np.uint8)
    raw[:, 4] = (time_mid >> np.uint64(8)).astype(np.uint8)
    raw[:, 5] = (time_mid & np.uint64(0xFF)).astype(np.uint8)
    raw[:, 6] = (time_hi >> np.uint64(8)).astype(np.uint8)
    raw[:, 7] = (time_hi & np.uint64(0xFF)).astype(np.uint8)
    cs = np.asarray(clock_seq, dtype=np.uint64) & np.uint64(0x3FFF)
    raw[:, 8] = ((cs >> np.uint64(8)) | np.uint64(0x80)).astype(np.uint8)
    raw[:, 9] = (cs & np.uint64(0xFF)).astype(np.uint8)
    nd = np.asarray(node, dtype=np.uint64)
    for k in range(6):
        raw[:, 10 + k] = ((nd >> np.uint64(8 * (5 - k))) & np.uint64(0xFF)).astype(np.uint8)
    h = hex_matrix(raw)
    return fixed(rows, [h[:, 0:8], "-", h[:, 8:12], "-", h[:, 12:16], "-", h[:, 16:20], "-", h[:, 20:32]])


# ---------------------------------------------------------------------------------------------- dates and times


def civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) of days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm)."""
    z = np.asarray(days, dtype=np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


def date_matrix(days: np.ndarray, sep: str = "-") -> np.ndarray:
    """'YYYY-MM-DD' (or with another separator, or none) as a character matrix."""
    y, m, d = civil(days)
    n = y.size
    return concat(n, [digits(y, 4), sep, digits(m, 2), sep, digits(d, 2)])


def dates(days: np.ndarray, sep: str = "-") -> pa.StringArray:
    return from_matrix(date_matrix(days, sep))


def datetime_matrix(seconds: np.ndarray, sep: str = "-") -> np.ndarray:
    """'YYYY-MM-DD HH:MM:SS' wall clock of seconds since the epoch (no zone) as a character matrix."""
    s = np.asarray(seconds, dtype=np.int64)
    days = s // 86400
    sod = s - days * 86400
    n = s.size
    return concat(
        n,
        [
            date_matrix(days, sep),
            " ",
            digits(sod // 3600, 2),
            ":",
            digits((sod // 60) % 60, 2),
            ":",
            digits(sod % 60, 2),
        ],
    )


def datetimes(seconds: np.ndarray, sep: str = "-", null: np.ndarray | None = None) -> pa.StringArray:
    """Wall-clock strings; rows where ``null`` is true become null."""
    arr = from_matrix(datetime_matrix(seconds, sep))
    return with_nulls(arr, null)


# ---------------------------------------------------------------------------------------------- money and numbers


def yuan(fen: np.ndarray) -> pa.StringArray:
    """Yuan as a decimal string with two decimals ('1234.50') from integer fen (non-negative)."""
    f = np.asarray(fen, dtype=np.int64)
    whole = pc.cast(pa.array(f // 100), pa.string())
    return pc.binary_join_element_wise(whole, _CENTS.take(pa.array(f % 100)), ".")


def ints_as_strings(values: np.ndarray) -> pa.StringArray:
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string())


# ---------------------------------------------------------------------------------------------- assembling


def with_nulls(arr: pa.Array, null: np.ndarray | None) -> pa.Array:
    """The array with the rows where ``null`` is true set to null."""
    if null is None or not np.any(null):
        return arr
    return pc.if_else(pa.array(np.asarray(null, dtype=bool)), pa.scalar(None, arr.type), arr)


def join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of string arrays and literals."""
    return pc.binary_join_element_wise(*parts, "")


def choose(
    codes: np.ndarray, builders: dict[int, Callable[[np.ndarray], pa.Array | None]], dtype: pa.DataType
) -> pa.Array:
    """Builds a column whose rows come from different builders: row ``i`` is produced by ``builders[codes[i]]``.

    Each builder receives the (sorted) row indices it must produce and returns an array of that length, or None
    for nulls. The pieces are concatenated and put back in row order with one ``take``.
    """
    codes = np.asarray(codes)
    n = codes.size
    order_parts: list[np.ndarray] = []
    pieces: list[pa.Array] = []
    for code in np.unique(codes):
        idx = np.flatnonzero(codes == code)
        built = builders[int(code)](idx)
        if built is None:
            built = pa.nulls(idx.size, dtype)
        if len(built) != idx.size:
            raise ValueError(f"builder {code} returned {len(built)} rows, expected {idx.size}")
        pieces.append(built.cast(dtype))
        order_parts.append(idx)
    if not pieces:
        return pa.array([], dtype)
    order = np.concatenate(order_parts)
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.arange(n, dtype=np.int64)
    combined = pa.concat_arrays(pieces)
    return combined.take(pa.array(inverse))


def pool_take(pool: Sequence[str] | pa.Array, idx: np.ndarray) -> pa.Array:
    """Strings from a small pool by index."""
    arr = pool if isinstance(pool, pa.Array) else pa.array(list(pool), pa.string())
    return arr.take(pa.array(np.asarray(idx, dtype=np.int64)))
