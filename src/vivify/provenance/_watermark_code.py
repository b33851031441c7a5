"""Error correction for the watermark payload: BCH(63, 45) over the payload and a 13-bit check.

The 45 information bits are the 32-bit payload and a 13-bit keyed hash of it. BCH corrects up to
three wrong bits (5 % of 63: exactly the raw accuracy the watermark is asked to survive); the check
rejects the rare miscorrection, and a random word (what an unmarked video yields) passes both only
about once in 5·10⁴ tries, on top of the synchronisation threshold. The hash, unlike a CRC, is not
linear, so the complement or the XOR of two codewords is not a valid codeword. The codeword is
XORed with a fixed pseudo-random sequence so that any payload (0 included) gives a balanced mix of
+1 and -1 pattern weights.
"""

from __future__ import annotations

import hashlib
from functools import reduce

import numpy as np
from numpy.typing import NDArray

N = 63  # code length: one pattern per bit
K = 45  # information bits: payload + check
T = 3  # bit errors corrected
PAYLOAD_BITS = 32
CHECK_BITS = K - PAYLOAD_BITS

_M = 6  # GF(2^6)
_PRIMITIVE = 0b1000011  # x^6 + x + 1
_EXP = [0] * (2 * N)
_LOG = [0] * (N + 1)
_value = 1
for _i in range(N):
    _EXP[_i] = _EXP[_i + N] = _value
    _LOG[_value] = _i
    _value <<= 1
    if _value & (1 << _M):
        _value ^= _PRIMITIVE


def _gf_mul(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


def _minimal_polynomial(power: int) -> int:
    """The binary minimal polynomial of α^power, as a bit mask (bit i: coefficient of x^i)."""
    conjugates = sorted({(power << j) % N for j in range(_M)})
    poly = [1]  # coefficients in GF(64), lowest degree first
    for c in conjugates:
        root = _EXP[c]
        shifted = [0, *poly]  # x·p(x)
        poly = [s ^ _gf_mul(root, p) for s, p in zip(shifted, [*poly, 0], strict=True)]
    assert all(coef in (0, 1) for coef in poly)
    return sum(coef << i for i, coef in enumerate(poly))


def _poly_mul(a: int, b: int) -> int:
    out = 0
    while b:
        if b & 1:
            out ^= a
        a <<= 1
        b >>= 1
    return out


def _poly_mod(a: int, m: int) -> int:
    degree = m.bit_length() - 1
    while a.bit_length() - 1 >= degree:
        a ^= m << (a.bit_length() - 1 - degree)
    return a


GENERATOR = reduce(_poly_mul, (_minimal_polynomial(p) for p in (1, 3, 5)))
assert GENERATOR.bit_length() - 1 == N - K

# Fixed for ever with ALGORITHM "org.vivify.watermark.1": changing it changes every mark.
_WHITENING = int.from_bytes(hashlib.sha256(b"org.vivify.watermark.1/whitening").digest()[:8])
_WHITENING &= (1 << N) - 1


def _check(payload: int) -> int:
    digest = hashlib.blake2b(
        payload.to_bytes(4, "big"), digest_size=4, person=b"vivify-wm.1"
    ).digest()
    return int.from_bytes(digest, "big") & ((1 << CHECK_BITS) - 1)


def encode(payload: int) -> NDArray[np.uint8]:
    """The 63 code bits (0/1) that carry `payload`, bit i being the weight of pattern i."""
    if not 0 <= payload < 1 << PAYLOAD_BITS:
        raise ValueError(f"payload must fit in {PAYLOAD_BITS} bits (0 .. 2**32 - 1)")
    info = (payload << CHECK_BITS) | _check(payload)
    shifted = info << (N - K)
    word = (shifted | _poly_mod(shifted, GENERATOR)) ^ _WHITENING
    return np.array([(word >> i) & 1 for i in range(N)], np.uint8)


def decode(bits: NDArray[np.uint8]) -> tuple[int, int] | None:
    """(payload, bits corrected) from 63 hard bits, or None when they are not within three bit
    errors of a codeword whose check matches."""
    if bits.shape != (N,):
        raise ValueError(f"expected {N} bits, got shape {bits.shape}")
    word = sum(int(b) << i for i, b in enumerate(bits)) ^ _WHITENING
    syndromes = [_evaluate(word, _EXP[j]) for j in range(1, 2 * T + 1)]
    corrected = 0
    if any(syndromes):
        locator = _berlekamp_massey(syndromes)
        degree = len(locator) - 1
        if degree > T:
            return None
        positions = [i for i in range(N) if _eval_gf(locator, _EXP[(N - i) % N]) == 0]
        if len(positions) != degree:
            return None
        for i in positions:
            word ^= 1 << i
        corrected = degree
    info = word >> (N - K)
    payload, check = info >> CHECK_BITS, info & ((1 << CHECK_BITS) - 1)
    if _check(payload) != check:
        return None
    return payload, corrected


def _evaluate(word: int, x: int) -> int:
    """The binary polynomial `word` at x in GF(64)."""
    out, power = 0, 1
    for i in range(N):
        if (word >> i) & 1:
            out ^= power
        power = _gf_mul(power, x)
    return out


def _eval_gf(poly: list[int], x: int) -> int:
    out = 0
    for coef in reversed(poly):
        out = _gf_mul(out, x) ^ coef
    return out


def _berlekamp_massey(syndromes: list[int]) -> list[int]:
    """The error locator Λ(x) (lowest degree first, trailing zeros dropped) from S1..S2t."""
    locator, previous = [1], [1]
    length, shift, last = 0, 1, 1
    for n, s in enumerate(syndromes):
        discrepancy = s
        for i in range(1, length + 1):
            if i < len(locator):
                discrepancy ^= _gf_mul(locator[i], syndromes[n - i])
        if discrepancy == 0:
            shift += 1
            continue
        factor = _gf_mul(discrepancy, _EXP[(N - _LOG[last]) % N])
        update = [0] * shift + [_gf_mul(factor, c) for c in previous]
        size = max(len(locator), len(update))
        new = [
            (locator[i] if i < len(locator) else 0) ^ (update[i] if i < len(update) else 0)
            for i in range(size)
        ]
        if 2 * length <= n:
            previous, length, last, shift = locator, n + 1 - length, discrepancy, 1
        else:
            shift += 1
        locator = new
    while len(locator) > 1 and locator[-1] == 0:
        locator.pop()
    return locator
