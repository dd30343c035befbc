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


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' if these BOM-less bytes read as UTF-16 text, else None.

    UTF-16 text has its NUL bytes on one side of each code unit only (the high byte of
    ASCII letters, or of the spaces between Arabic or Cyrillic words), so NULs that all
    sit at odd (LE) or all at even (BE) offsets, decoding to printable text with spaces
    in it, are taken as UTF-16 rather than as a binary file."""
    sample = data[:8192]
    if len(sample) < 16:
        return None
    sample = sample[: len(sample) // 2 * 2]
    nul_even = sample[0::2].count(0)
    nul_odd = sample[1::2].count(0)
    nuls = nul_even + nul_odd
    if nuls < len(sample) * 0.05:
        return None
    if nul_odd >= nuls * 0.98:
        name = "utf-16-le"
    elif nul_even >= nuls * 0.98:
        name = "utf-16-be"
    else:
        return None
    text = sample.decode(name, errors="replace")
    printable = sum(1 for c in text if c.isprintable() or c in "\t\n\r\f")
    spaces = sum(1 for c in text if c.isspace())
    if printable < len(text) * 0.97 or spaces < len(text) * 0.03:
        return None
    return name


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises DecodeError for binary or undecodable input."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise DecodeError("undecodable", f"bad {name} after BOM: {exc}") from exc
    if (utf16 := _utf16_without_bom(data)) is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as exc:
            raise DecodeError("undecodable", f"bad {utf16} (no BOM): {exc}") from exc
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
