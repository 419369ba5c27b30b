"""Identifiers derived from integers by keyed bijections, so they are unique by construction (no collision check,
no global state between batches) and look random.

``permute(u, bits, key)`` is a bijection of ``[0, 2**bits)``: every step (add a key, xor-shift, multiply by an odd
constant) is invertible modulo ``2**bits``. ``permute_range`` extends it to any domain by cycle walking.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import text

BASE62 = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BASE64URL = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB, 0xD6E8FEB86659FD93)


def _key_stream(key: int, rounds: int) -> list[int]:
    out = []
    state = (key * 0x2545F4914F6CDD1D + 0x632BE59BD9B4E019) % 2**64
    for _ in range(rounds):
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        out.append(state)
    return out


def permute(u: np.ndarray, bits: int, key: int) -> np.ndarray:
    """A keyed bijection of ``[0, 2**bits)`` (``bits`` from 8 to 64) applied element-wise to uint64 values."""
    if not 8 <= bits <= 64:
        raise ValueError("bits must be within 8..64")
    mask = np.uint64(2**bits - 1) if bits < 64 else np.uint64(2**64 - 1)
    x = np.asarray(u).astype(np.uint64) & mask
    keys = _key_stream(key, 4)
    shift_a = np.uint64(max(1, bits // 2))
    shift_b = np.uint64(max(1, bits // 3))
    for r in range(4):
        x = (x + np.uint64(keys[r] & int(mask))) & mask
        x ^= x >> shift_a
        x = (x * np.uint64(_MULTIPLIERS[r] | 1)) & mask
        x ^= x >> shift_b
    return x


def permute_range(u: np.ndarray, domain: int, key: int) -> np.ndarray:
    """A keyed bijection of ``[0, domain)`` (cycle walking over the next power of two)."""
    bits = max(8, int(domain - 1).bit_length())
    u = np.asarray(u, dtype=np.uint64)
    if u.size and int(u.max()) >= domain:
        raise ValueError(f"values must be below the domain {domain}")
    x = permute(u, bits, key)
    limit = np.uint64(domain)
    bad = x >= limit
    while np.any(bad):
        x[bad] = permute(x[bad], bits, key)
        bad = x >= limit
    return x


def mix64(u: np.ndarray, key: int) -> np.ndarray:
    """A keyed 64-bit bijection (unique outputs for unique inputs)."""
    return permute(u, 64, key)


def token(u: np.ndarray, key: int, prefix: str, width: int, alphabet: bytes = BASE62) -> pa.StringArray:
    """``prefix`` + ``width`` characters: a unique-per-``u`` string id (``width`` must carry 64 bits)."""
    need = int(np.ceil(64 / np.log2(len(alphabet))))
    if width < need:
        raise ValueError(f"width {width} cannot carry 64 bits in base {len(alphabet)}")
    x = mix64(u, key)
    head = text.encode(x, alphabet, need)
    pieces: list[text.Piece] = [prefix] if prefix else []
    filler = width - need
    k = 0
    while filler > 0:  # more characters from further independent hashes
        take = min(filler, need)
        pieces.append(text.encode(mix64(x, key + 1 + k), alphabet, need)[:, :take])
        filler -= take
        k += 1
    pieces.append(head)
    return text.fixed(len(x), pieces)


def numeric(u: np.ndarray, key: int, first: str, width: int) -> pa.StringArray:
    """``first`` + ``width`` decimal digits, unique per ``u`` (``u`` must be below ``10**width``)."""
    x = permute_range(u, 10**width, key)
    return text.fixed(len(x), [first, text.digits(x, width)])
