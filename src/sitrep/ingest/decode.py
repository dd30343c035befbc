"""Bytes -> text, or a clear reason why not.

Encodings are detected (charset-normalizer) instead of assumed, so a Windows-1256 or
Latin-1 article is read rather than crashing the run. Binary files are refused early.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    """Raised with `reason` set to a rejection code ("binary", "undecodable")."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB (BOM-marked UTF-16/32 excepted)."""
    sample = data[:8192]
    if any(sample.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and controls / len(sample) > 0.05


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises DecodeError for binary or undecodable input."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise DecodeError("undecodable", f"bad {name} after BOM: {exc}") from exc
    if looks_binary(data):
        raise DecodeError("binary", "contains NUL or control bytes: not a text file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable", "no text encoding fits these bytes")
    return str(best), best.encoding
