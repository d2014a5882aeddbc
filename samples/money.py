"""Money: Decimal helpers, capital-numeral (大写) amounts, printed amount styles."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿")


def fen(value: Decimal | int | str) -> Decimal:
    """Round to the fen, half up (domain.md section 7)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def _group_words(n: int) -> str:
    """0 < n < 10000 in capital numerals, with inner zeros as one 零."""
    out, zero = "", False
    for pos in range(3, -1, -1):
        d = n // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + UNITS[pos]
    return out


def _yuan_words(n: int) -> str:
    if n == 0:
        return "零"
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            continue
        # an inner zero between groups is read once: 壹万零伍拾, 壹拾万零壹仟
        if out and (g < 1000 or groups[i + 1] % 10 == 0):
            out += "零"
        out += _group_words(g) + GROUPS[i]
    return out


def amount_in_words(amount: Decimal) -> str:
    """12345.67 -> 壹万贰仟叁佰肆拾伍元陆角柒分; 100 -> 壹佰元整.

    Follows the usual invoice rules: 整 after a whole yuan amount, 零 for a zero jiao
    before a non-zero fen (壹元零伍分).
    """
    cents = int(fen(amount) * 100)
    yuan, jiao, fen_ = cents // 100, cents // 10 % 10, cents % 10
    out = _yuan_words(yuan) + "元" if yuan else ""
    if jiao == 0 and fen_ == 0:
        return (out or "零元") + "整"
    if jiao:
        out += DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    if fen_:
        out += DIGITS[fen_] + "分"
    return out


def format_amount(amount: Decimal, style: str) -> str:
    """Print an amount the way documents do. Styles: plain, comma, yen, yen_comma, yuan."""
    plain = f"{fen(amount):.2f}"
    comma = f"{fen(amount):,.2f}"
    return {"plain": plain, "comma": comma, "yen": "¥" + plain, "yen_comma": "¥" + comma,
            "yuan": plain + "元", "fullwidth_yen": "￥" + plain}[style]


def pick_amount_style(rng: random.Random) -> str:
    return rng.choice(("plain", "comma", "yen", "yen_comma", "yuan", "fullwidth_yen"))
