"""VietQR: the EMVCo merchant-presented payload NAPAS 247 banking apps scan for a transfer, its
CRC, a decoder (to check what we print), and the QR image as SVG or PNG via segno."""

import io
import re
import unicodedata

import segno

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"  # inter-bank fund transfer 24/7 to an account
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
MAX_NOTE = 25  # tag 62/08 holds at most 25 characters


class PayloadError(ValueError):
    """A payload that is not well-formed EMVCo data or whose CRC does not match."""


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise PayloadError(f"tag {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def ascii_note(text: str) -> str:
    """Banks carry only plain ASCII letters, digits and spaces in a transfer note."""
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if c.isascii() and (c.isalnum() or c == " "))
    return re.sub(r"\s+", " ", plain).strip()[:MAX_NOTE]


def build_payload(bank_bin: str, account_number: str, amount_vnd: int | None, note: str | None) -> str:
    """The payload string: dynamic (01=12) with an amount, static (01=11) without one."""
    if not (bank_bin.isdigit() and len(bank_bin) == 6):
        raise PayloadError("the BIN has 6 digits")
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account_number)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_TO_ACCOUNT)
    parts = [_tlv("00", "01"), _tlv("01", "12" if amount_vnd else "11"), _tlv("38", merchant), _tlv("53", CURRENCY_VND)]
    if amount_vnd:
        parts.append(_tlv("54", str(int(amount_vnd))))
    parts.append(_tlv("58", COUNTRY_VN))
    if note and ascii_note(note):
        parts.append(_tlv("62", _tlv("08", ascii_note(note))))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def parse_tlv(data: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    position = 0
    while position < len(data):
        tag, length = data[position : position + 2], data[position + 2 : position + 4]
        if len(tag) < 2 or not length.isdigit():
            raise PayloadError(f"malformed field at {position}")
        end = position + 4 + int(length)
        if end > len(data):
            raise PayloadError(f"field {tag} runs past the end")
        fields[tag] = data[position + 4 : end]
        position = end
    return fields


def decode(payload: str) -> dict:
    """Check the CRC and unpack the fields a transfer needs; PayloadError if anything is off."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise PayloadError("no CRC field at the end")
    expected = f"{crc16_ccitt_false(payload[:-4].encode('utf-8')):04X}"
    if payload[-4:].upper() != expected:
        raise PayloadError(f"CRC {payload[-4:]} does not match {expected}")
    top = parse_tlv(payload)
    merchant = parse_tlv(top.get("38", ""))
    beneficiary = parse_tlv(merchant.get("01", ""))
    extra = parse_tlv(top.get("62", ""))
    return {
        "format": top.get("00"),
        "initiation": top.get("01"),
        "guid": merchant.get("00"),
        "bin": beneficiary.get("00"),
        "account": beneficiary.get("01"),
        "service": merchant.get("02"),
        "currency": top.get("53"),
        "amount": int(top["54"]) if top.get("54", "").isdigit() else None,
        "country": top.get("58"),
        "note": extra.get("08"),
        "crc": top.get("63"),
    }


def svg(payload: str) -> bytes:
    """The QR code as a standalone SVG (no styles or scripts: the CSP allows it as an image)."""
    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(out, kind="svg", scale=6, border=4, xmldecl=True)
    return out.getvalue()


def png(payload: str) -> bytes:
    """The same code as PNG, which banking apps accept from the phone's photo gallery."""
    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(out, kind="png", scale=8, border=4)
    return out.getvalue()
