"""Value parsers shared by the extractors: dates, money, 大写 amounts, ID numbers, names.

Each takes the raw text after a label (OCR'd or from a text layer) and returns a typed
value or None. They tolerate what OCR does to these values: full-width characters,
spaces inside numbers, ¥ read as Y or 羊, O read for 0.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from claimdocs.extract.fields import one_off
from claimdocs.extract.names import without_stray_start
from claimdocs.idnumber import birth_date_of, is_valid_id_number
from claimdocs.text import normalise

# 2024年08月15日, 2024-08-15, 2024.08.15, 2024/8/15, 20240815
_DATE = re.compile(
    r"(?<!\d)(19\d{2}|20\d{2})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?"
    r"|(?<!\d)(19\d{2}|20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)"
)
_MONEY = re.compile(r"(?<![\d.])(-?\d{1,3}(?:,\d{3})+|-?\d+)(?:\.(\d{1,2}))?(?![\d])")
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"})
_CJK_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}")
# Labels that OCR glues to a name when the colon between them is lost.
_AFTER_NAME = ("性别", "年龄", "民族", "科室")
# What a colon after a label reads as (a photo's ; for :).
_COLONS = (":", ";", "；")
# Words of labels and forms that OCR leaves where a name should be: never part of a name.
_NOT_IN_NAMES = ("签字", "签名", "盖章", "社会", "保障", "长期", "民族", "性别", "姓名", "年龄", "科室", "医院",
                 "日期", "号码", "住址", "出生", "人员", "类别", "证明", "身份", "公民", "有效", "机关", "居民",
                 "签发", "期限", "银行")
# Particles that no Chinese name has: one read inside a name is a speck or a seal's edge
# (姚凤了明 for 姚凤明, 了 at 0.53 and 0.65 on two photos of one packet).
_PARTICLES = re.compile(r"(?<=.)[了的]")


def parse_dates(text: str) -> list[date]:
    """Every valid date written in ``text``, in order of appearance."""
    found = []
    # A stay printed as one string, 2020121720201223, is two compact dates.
    text = re.sub(r"(?<!\d)((?:19|20)\d{6})((?:19|20)\d{6})(?!\d)", r"\1|\2", unicodedata.normalize("NFKC", text))
    # A 1 read as a bracket after a 0: 2024年0]月24日 is January (no month or day is 0);
    # or alone: 2024 年 ] 月 24 日.
    text = re.sub(r"(?<!\d)0\](?=\s*[月日\-./])", "01", text)
    text = re.sub(r"(?<=年)\s*\]\s*(?=月)|(?<=月)\s*\]\s*(?=日)", "1", text)
    # 年 misread as one or two other characters, its 月 read, and its 日 or the 1 it is read
    # as (2024第06月05日, a 1-bit scan, s3063-000; 2024和全07月2411, s3055-008).
    text = re.sub(r"(?<!\d)((?:19|20)\d\d)[\u4e00-\u9fff]{1,2}(?=\d{1,2}月\d{1,2}(?:日|1{1,2}(?!\d)))", r"\1年", text)
    # 日 read as 1, or as 11 (its two strokes), after a two-digit day, before the words
    # that go on (于2024年05月301入住; 2024年07月2411 出院…, s3055-008).
    text = re.sub(r"(年\s*\d{1,2}\s*月\s*\d{2})1{1,2}(?=\s*[\u4e00-\u9fff，,。]|\s*$)", r"\1日", text)
    # A bracket OCR glued to a digit of a written date: 2024年1]月15日 (a blurred 01),
    # 2024年01] 月08日, 2024-09-]11.
    text = re.sub(r"(?<=[年月\d\-./])\s*[\[\]](?=\s*(?:\d|[月日]))", "", text)
    # A stray character between a number and its 年, 月 or 日 (2024人年10月13上日出院).
    text = re.sub(r"(?<=\d)[\u4e00-\u9fff](?=[年月日])", "", text)
    # A date's second point read as a comma (2024.10,31, a grey 200 dpi scan).
    text = re.sub(r"(?<!\d)((?:19|20)\d\d)([./])(\d{1,2}),(\d{1,2})(?![\d.])", r"\1\2\3\2\4", text)
    # Its first point read as a comma, or with a comma or a speck beside it (2024,.08.31
    # on a grey 200 dpi scan, s3063-008; 2024,08.31, 2024..08.31).
    text = re.sub(r"(?<!\d)((?:19|20)\d\d)(?:,\.?|\.,|\.\.)(\d{1,2})\.(\d{1,2})(?![\d.])", r"\1.\2.\3", text)
    # A speck read as a mark inside the year before its 年 (202:4 年, a grey 200 dpi scan).
    text = re.sub(r"(?<!\d)(20\d)[:;'’,.·](\d)(?=\s*年)", r"\1\2", text)
    text = _SEPARATOR_AS_ONE.sub(_separator_restored, text)
    text = _SEPARATOR_READ_TWICE.sub(_separator_twice_restored, text)
    for match in _DATE.finditer(text):
        groups = [g for g in match.groups() if g is not None]
        try:
            found.append(date(int(groups[0]), int(groups[1]), int(groups[2])))
        except ValueError:
            continue
    return found


# A date's second separator read as 1 (2024/7119 for 2024/7/19, 2024/10117 for 2024/10/17).
_SEPARATOR_AS_ONE = re.compile(r"(?<!\d)((?:19|20)\d\d)([/.\-])(\d{3,5})(?!\d|\2\d)")


# A date's second separator read as itself and a 1 (2024/10/127 for 2024/10/27): a day of
# three digits, the first a 1.
_SEPARATOR_READ_TWICE = re.compile(r"(?<!\d)((?:19|20)\d\d)([/.\-])(\d{1,2})\2(1)(\d{2})(?!\d)")


def _separator_twice_restored(match: re.Match) -> str:
    """The date without the 1 read after its separator, when the rest is a day."""
    year, separator, month, _, day = match.groups()
    return f"{year}{separator}{month}{separator}{day}" if _month_day(month, day) else match.group(0)


def _separator_restored(match: re.Match) -> str:
    """The date with its lost separator put back, when exactly one of its 1s can be it
    (a month before and a day after) and the digits make no date as they stand (0115
    may be 01-15 with a separator lost, not read); else the text as read."""
    year, separator, rest = match.groups()
    as_read = [i for i in (1, 2) if _month_day(rest[:i], rest[i:])]
    split = _split_at_a_one(rest)
    if as_read or split is None:
        return match.group(0)
    return f"{year}{separator}{split[0]}{separator}{split[1]}"


def _split_at_a_one(rest: str) -> tuple[str, str] | None:
    """Month and day, when exactly one 1 in ``rest`` can be the separator between them
    (a month before it, a day after it); else None."""
    splits = [i for i, ch in enumerate(rest) if ch == "1" and _month_day(rest[:i], rest[i + 1:])]
    return (rest[:splits[0]], rest[splits[0] + 1:]) if len(splits) == 1 else None


def _month_day(month: str, day: str) -> bool:
    """Whether two runs of digits can be a month and a day of it."""
    return 1 <= len(month) <= 2 and 1 <= len(day) <= 2 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31


def parse_date(text: str) -> date | None:
    """The first valid date in ``text``, or None; failing any, a date whose two
    separators were both read as 1 (see _both_separators_restored)."""
    dates = parse_dates(text) or parse_dates(_BOTH_SEPARATORS_AS_ONE.sub(_both_separators_restored, text))
    return dates[0] if dates else None


# A date's two separators both read as 1 (2024/3/29 read 202413129, 2024/4/9 read
# 20241419: a photo's thin slashes). Only after a label that calls for a date: a run of
# digits elsewhere (an invoice number) is left as it is.
_BOTH_SEPARATORS_AS_ONE = re.compile(r"(?<![\d/.\-])((?:19|20)\d\d)1(\d{3,5})(?![\d/.\-])")


def _both_separators_restored(match: re.Match) -> str:
    """The date with both separators put back when exactly one 1 after the month can be
    the second (a month before it, a day after it); else the text as read."""
    year, rest = match.groups()
    split = _split_at_a_one(rest)
    return match.group(0) if split is None else f"{year}-{split[0]}-{split[1]}"


def first_digit_more(longer: Decimal, shorter: Decimal) -> bool:
    """Whether ``longer``, printed to the fen, is ``shorter`` with one more digit in front:
    a first digit OCR lost under a ¥ or a seal (14118.25 read 4118.25), or a ¥ read as a
    digit (317272.15 for 17272.15)."""
    return f"{longer:.2f}"[1:] == f"{shorter:.2f}"


def digits_lost_in_front(longer: Decimal, shorter: Decimal) -> bool:
    """Whether ``longer``, printed to the fen, is ``shorter`` with one or more digits in
    front (7755.25 read 5.25: a ¥ and a seal took 7,75). ``shorter`` keeps at least three
    digits, so that a chance match stays one in a thousand."""
    long, short = f"{longer:.2f}", f"{shorter:.2f}"
    return len(long) > len(short) >= 4 and long.endswith(short)


def parse_money(text: str) -> Decimal | None:
    """The first amount in ``text`` (12,345.67, ¥12345.67, 12345.67元), as Decimal to the fen."""
    amounts = parse_money_all(text)
    return amounts[0] if amounts else None


# A comma before a figure's two last digits: no thousands group has two, so it is the
# point, misread (¥21434,65, 180,00). Not in a date (2024,08-23, 2024,10,31).
_POINT_AS_COMMA = re.compile(r"(?<![\d,.])(\d+|\d{1,3}(?:,\d{3})+),(\d{2})(?![\d.,\-/])")


def point_lost_readings(text: str) -> set[Decimal]:
    """What a figure printed to the fen reads with its point lost (794520 for 7945.20),
    its 元 maybe read as two digits after it (79452070): ``text`` is digits alone, three
    or more; otherwise nothing."""
    if not re.fullmatch(r"\d{3,}", text):
        return set()
    readings = {Decimal(f"{text[:-2]}.{text[-2:]}")}
    return readings | ({Decimal(f"{text[:-4]}.{text[-4:-2]}")} if len(text) >= 5 else set())


def parse_money_all(text: str, cents: bool = False) -> list[Decimal]:
    """Every amount in ``text`` in order, each quantised to the fen; with ``cents``, only
    amounts written with their decimals (14485.60, not 14485)."""
    # OCR splits a number at a space: 1 234.50, 1234 .50, 1234. 50. A split between digit
    # groups is joined only before a group of exactly three (a thousands group): a lone
    # speck read as a digit before a whole amount (总计 2 25754.80) is not part of it.
    cleaned = re.sub(r"(?<=\d)\s+(?=\d{3}(?!\d)|[.,])|(?<=[.,])\s+(?=\d)", "", unicodedata.normalize("NFKC", text))
    cleaned = normalise(re.sub(r"(?<=\d)\s+(?=\d)", "|", cleaned))
    cleaned = re.sub(r",\.|\.,", ",", cleaned)  # OCR doubles a separator: 4,.345.67
    # A point read as a comma: two digits after a comma are no thousands group (¥21434,65).
    cleaned = _POINT_AS_COMMA.sub(r"\1.\2", cleaned)
    # A thousands separator read as a point: 4.345.67 -> 4345.67.
    cleaned = re.sub(r"(?<!\d)(\d{1,3})((?:\.\d{3})+)(\.\d{2})(?!\d)",
                     lambda m: m.group(1) + m.group(2).replace(".", "") + m.group(3), cleaned)
    values = []
    for match in _MONEY.finditer(cleaned):
        if cents and match.group(2) is None:
            continue
        whole, fraction = match.group(1).replace(",", ""), match.group(2) or "0"
        try:
            values.append(Decimal(f"{whole}.{fraction}").quantize(Decimal("0.01")))
        except InvalidOperation:
            continue
    return values


def parse_decimal(text: str) -> Decimal | None:
    """A plain number such as a quantity or a unit price (3, 12.5, 1,200.000)."""
    match = re.search(r"-?\d[\d,]*(?:\.\d+)?", normalise(text))
    if not match:
        return None
    try:
        return Decimal(match.group(0).replace(",", ""))
    except InvalidOperation:
        return None


def parse_ratio(text: str) -> Decimal | None:
    """A self-pay ratio written as 10%, 10 % or 0.1 / 0.10, as a Decimal in [0, 1]."""
    cleaned = normalise(text)
    percent = re.search(r"(\d{1,4}(?:\.\d+)?)%", cleaned)
    if percent:
        digits = percent.group(1)
        if Decimal(digits) > 100 and digits.endswith("9"):
            digits = digits[:-1]  # Tesseract reads a small-font "%" as "9%": 10% -> 109%
        value = Decimal(digits) / 100
    else:
        plain = re.search(r"(?<!\d)(0(?:\.\d+)?|1(?:\.0+)?)(?!\d)", cleaned)
        if not plain:
            return None
        value = Decimal(plain.group(1))
    return value if 0 <= value <= 1 else None


# --- 大写 (capital numeral) amounts ---------------------------------------------------
#
# Tesseract reads the rare characters of capital numerals badly (壹 as 过, 仟 as 什), so a
# 大写 amount is read as places and digits, with a digit it cannot read left unknown. The
# units are what matters most: 伍仟 can only be 5 × 1000, and an unknown digit before
# 仟 still says "some thousands". Checked against the amount in figures, a partial
# reading either agrees (the figures stand) or contradicts them (amount_words_mismatch).

_DIGITS = {"零": 0, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
           "〇": 0, "两": 2, "参": 3, "叄": 3, "陸": 6, "貳": 2, "弍": 2}
_UNITS = {"拾": 10, "佰": 100, "仟": 1000, "十": 10, "百": 100, "千": 1000,
          "什": 1000, "仔": 1000, "任": 1000, "作": 1000, "伯": 100, "恰": 10, "抬": 10}  # OCR confusions last
_SECTIONS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_FRACTIONS = {"角": Decimal("0.1"), "分": Decimal("0.01")}
_YUAN = "元圆"
_ENDS = "分整正角元圆"

Places = dict[Decimal, int | None]


def capital_places(text: str) -> Places | None:
    """The place values a 大写 amount in ``text`` names, each with its digit (None: unreadable).

    Returns None when ``text`` holds no capital amount.
    """
    run = _capital_span(unicodedata.normalize("NFKC", text))
    if not run:
        return None
    whole, _, fraction = run.partition(next((ch for ch in run if ch in _YUAN), "\0"))
    if not any(ch in _YUAN for ch in run):
        whole, fraction = "", run
    places = _integer_places(whole)
    for position, ch in enumerate(fraction):
        if ch in _FRACTIONS and position > 0:
            places[_FRACTIONS[ch]] = _digit(fraction[position - 1])
    return places or None


def _capital_span(text: str) -> str:
    """The capital amount in ``text``: the longest run of CJK characters that ends in one
    of 元角分整 and names a place. Unreadable characters stay in it as unknown digits."""
    best = ""
    for end, ch in enumerate(text):
        if ch not in _ENDS:
            continue
        start = end
        while start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        span = text[start:end + 1]
        if len(span) > len(best) and any(c in _UNITS or c in _SECTIONS or c in _FRACTIONS or c in _DIGITS for c in span):
            best = span
    return best


def _integer_places(text: str) -> Places:
    """Places of the yuan part; sections end at 万/亿, read right to left for their scale."""
    sections: list[list[tuple[int, int | None]]] = [[]]
    scales = [1]
    pending: int | None | str = "none"
    for ch in text:
        if ch in _SECTIONS:
            if pending != "none":
                sections[-1].append((1, pending))
            sections.append([])
            scales.append(_SECTIONS[ch])
            pending = "none"
        elif ch in _UNITS:
            sections[-1].append((_UNITS[ch], 1 if pending == "none" and _UNITS[ch] == 10 else pending))
            pending = "none"
        elif ch == "零":
            pending = "none"
        else:
            pending = _digit(ch)
    if pending != "none":
        sections[-1].append((1, pending))
    return _scale_sections(sections, scales)


def _scale_sections(sections, scales) -> Places:
    # A section is scaled by the big unit that ends it (万 = 10^4, 亿 = 10^8); the last by 1.
    multipliers = [*scales[1:], 1]
    places: Places = {}
    for section, multiplier in zip(sections, multipliers):
        for unit, digit in section:
            places[Decimal(unit * multiplier)] = digit if digit != "none" else None
    return places


def _digit(ch: str) -> int | None:
    return _DIGITS.get(ch)


def places_readable(text: str) -> bool:
    """True when most characters of the 大写 amount in ``text`` were read as numerals or
    units: only then can a difference from the figures be told from OCR noise."""
    run = _capital_span(unicodedata.normalize("NFKC", text))
    known = sum(ch in _DIGITS or ch in _UNITS or ch in _SECTIONS or ch in _FRACTIONS or ch in _YUAN or ch in "整正"
                for ch in run)
    return bool(run) and known / len(run) >= 0.75


def places_value(places: Places) -> Decimal | None:
    """The amount the places spell, or None when a digit is unreadable."""
    if any(digit is None for digit in places.values()):
        return None
    return sum((place * digit for place, digit in places.items()), Decimal("0")).quantize(Decimal("0.01"))


def places_agree(places: Places, amount: Decimal) -> bool:
    """True when ``amount`` (in figures) fits every readable digit and every named place."""
    fen = int((amount * 100).to_integral_value())
    figure_digits = {Decimal(10) ** (power - 2): (fen // 10 ** power) % 10 for power in range(len(str(fen)))}
    for place, digit in places.items():
        if figure_digits.get(place, 0) != digit and not (digit is None and figure_digits.get(place, 0) > 0):
            return False
    named = set(places)
    return all(d == 0 or p in named for p, d in figure_digits.items())


def parse_capital_amount(text: str, figures: Decimal | None = None) -> Decimal | None:
    """A 大写 amount (壹万贰仟叁佰肆拾伍元陆角柒分, 伍仟元整) as Decimal.

    With unreadable digits the amount is unknown, unless the amount in ``figures`` fits
    everything that could be read: then the figures are its value.
    """
    places = capital_places(text)
    if places is None:
        return None
    value = places_value(places)
    if value is not None:
        return value
    if figures is not None and places_agree(places, figures):
        return figures.quantize(Decimal("0.01"))
    return None


# --- identity numbers and names -------------------------------------------------------------


def parse_id_number(text: str) -> str | None:
    """An 18-character ID number in ``text``, repairing OCR's letter-for-digit confusions.

    Only letters are repaired (O -> 0, l -> 1, x -> X): a digit read as another digit
    cannot be told from a wrong number, and ``id_invalid`` must stay visible. In a run of
    more than 18 characters (a box edge read as 1 before the number), the 18 that pass the
    check character win; without them, the 18 that hold a birth date, else the first 18.
    """
    cleaned = re.sub(r"[\s\-]", "", normalise(text))
    for run in re.findall(r"[0-9OolI|SB]{17}[0-9OolI|SBXx×]*", cleaned):
        windows = [_repaired_id(run[start:start + 18]) for start in range(len(run) - 17)]
        windows = [w for w in windows if w[:17].isdigit() and (w[17].isdigit() or w[17] == "X")]
        if windows:
            return next((w for w in windows if is_valid_id_number(w)), None) \
                or next((w for w in windows if birth_date_of(w)), windows[0])
    return _id_across_a_mark(cleaned)


# A number cut in two by a mark OCR read inside it (5301041]94510293409: a speck or a
# box's edge), each part a run of digits.
_CUT_ID = re.compile(r"([0-9OolI|SB]{2,16})[^0-9OolI|SBXx×\u4e00-\u9fff]{1,2}([0-9OolI|SB]{1,15}[0-9OolI|SBXx×])")


def _id_across_a_mark(cleaned: str) -> str | None:
    """The number of a run cut in two by a mark, when the two parts make exactly 18
    characters whose check character holds: taking the mark out is a guess, and only the
    check confirms it (a wrong number stays unread, never invented)."""
    for match in _CUT_ID.finditer(cleaned):
        joined = _repaired_id(match.group(1) + match.group(2))
        if len(joined) == 18 and is_valid_id_number(joined):
            return joined
    return None


def _repaired_id(candidate: str) -> str:
    repaired = candidate.translate(_OCR_DIGITS)
    return repaired[:17] + repaired[17:].replace("x", "X").replace("×", "X")


def without_particles(text: str) -> str:
    """``text`` without the particles read inside it (_PARTICLES: 姚凤了明 is 姚凤明)."""
    return _PARTICLES.sub("", text)


def parse_name(text: str) -> str | None:
    """A person's name (2 to 5 CJK characters) at the start of ``text``."""
    # Quotes, dots and box edges that OCR leaves between the label and the name: 姓名:”唐国
    cleaned = re.sub(r"^[^\u4e00-\u9fff\w]+", "", unicodedata.normalize("NFKC", text).strip())
    # Specks, or a seal's ring, read as Latin letters between the characters of a name
    # (徐NA杰明, 蔡IANALA杰志): no Chinese name has a letter in it.
    cleaned = re.sub(r"(?<=[\u4e00-\u9fff])[A-Za-z]{1,6}(?=[\u4e00-\u9fff])", "", cleaned)
    kept = without_particles(cleaned)
    match = _CJK_NAME.match(kept)
    if not match:
        return None
    name = match.group(0)
    if len(name) >= 4 and (name[1] == "名" or name[0] == "姓"):
        name = name[2:]  # the label 姓名 read with one character wrong: 输名曾福, 姓各唐超洋
    if any(word in name for word in _NOT_IN_NAMES):
        return None
    for label in _AFTER_NAME:
        if name.endswith(label) and len(name) - len(label) >= 2:
            return name[: -len(label)]
    if len(name) >= 4 and kept[match.end():match.end() + 1] in _COLONS \
            and any(one_off(label, name[-2:]) for label in _AFTER_NAME):
        return name[:-2]  # 曹勇宏科富: 综合内科, the label 科室 glued to the name and misread
    return without_stray_start(name[:4] if len(name) == 5 else name)


def id_is_valid(number: str | None) -> bool:
    return bool(number) and is_valid_id_number(number)
