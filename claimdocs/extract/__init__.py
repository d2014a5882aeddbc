"""Field extraction: one document's pages in, its typed fields out (domain.md section 3).

Every field is found the same way (its label variants, then the value after or under
the label, then a parser for its kind) with a few fallbacks where real documents do
not label a value: the hospital in the heading, dates inside the sentences of a
discharge summary, the ID number anywhere on an ID card, the invoice's QR code.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Callable

from claimdocs.classify import DocumentPages
from claimdocs.directory import Directory, names_an_institution
from claimdocs.extract import parsers, table
from claimdocs.extract.fields import (
    COLON_LABEL, Found, NormalLine, characters_read, find_value, find_values, label_hits, normal_line,
)
from claimdocs.extract.labels import CATEGORY_WORDS, FEE_CATEGORIES, FIELDS, INSURANCE_TYPE_WORDS, LABELS
from claimdocs.extract.names import given_name_mended, has_surname, name_confidence, surname_rejoined
from claimdocs.idnumber import birth_date_of
from claimdocs.layout import CELL_GAP
from claimdocs.model import Category, DocType, Document, InsuranceType
from claimdocs.text import strip_punct

HOSPITAL_FIELDS = ("hospital", "issuing_hospital", "destination_hospital")
REGION_FIELDS = ("insured_region", "treatment_region", "work_region", "region")
log = logging.getLogger(__name__)
_HOSPITAL_NAME = re.compile(r"[\u4e00-\u9fff]{2,20}?(?:医院|卫生院|护理院|保健院|疗养院|卫生服务中心|医疗中心|诊所|门诊部)")


@dataclass(frozen=True)
class Context:
    """What a field parser may look at besides the value's text: the document's lines,
    the directory, and an expense list's rows (table.list_entries, parsed once for the
    items and the total checks; none for other types)."""

    lines: list[NormalLine]
    directory: Directory
    entries: list[table.Entry]


def extract_document(doc_id: str, pages: DocumentPages, directory: Directory) -> Document:
    """Read every field of ``pages``' type; absent fields are left out, never guessed."""
    lines = [normal_line(line) for page in pages.pages for line in page.text.lines]
    entries = table.list_entries([page.text for page in pages.pages]) if pages.type is DocType.EXPENSE_LIST else []
    context = Context(lines, directory, entries)
    fields: dict[str, Any] = {}
    confidence: dict[str, float] = {}
    for name in FIELDS[pages.type]:
        value, sure = _extract_field(name, pages, context)
        if value is not None and value != []:
            fields[name] = value
            confidence[name] = round(sure, 3)
    if pages.type is DocType.INVOICE:
        _apply_invoice_qr(pages, fields, confidence)
        words = fields.pop("total_amount_words", None), confidence.pop("total_amount_words", 0.0)
        _read_capital_amount(*words, fields, confidence)
        read = fields.get("total_amount")
        _settle_invoice_total(context.lines, fields, confidence)
        if fields.get("total_amount") != read:  # the 大写 compared with the total settled
            fields.pop("total_amount_words", None)
            confidence.pop("total_amount_words", None)
            _read_capital_amount(*words, fields, confidence)
    read_as = {}
    if pages.type is DocType.EXPENSE_LIST:
        if (dropped := _drop_impossible_total(entries, fields, confidence)) is not None:
            read_as["total_amount"] = dropped
        _settle_rows_by_total(entries, fields)
    if pages.type is DocType.DISCHARGE_CERTIFICATE:
        # The days of the stay, where printed, decide a stay date; else its likely length.
        if (days := _stay_days(context.lines)) is not None:
            _stay_date_by_days(context.lines, days, fields, confidence)
        else:
            _stay_date_by_its_partner(context.lines, fields, confidence)
    _trust_directory_names(fields, confidence, directory)
    characters = {}
    if "name" in fields and (read := characters_read(context.lines, fields["name"])):
        # A name is as sure as its least sure character: 叶前军 with 前 read at 0.00 is not
        # a sure reading of anyone (extract/names.py mends it from another document).
        characters["name"] = read
        confidence["name"] = round(min(confidence["name"], min(read)), 3)
    if isinstance(fields.get("name"), str):
        # A surname read as two characters (和薪珍新 for 蒋珍新) rejoined, with its
        # characters' confidences; and a character chi_sim reads for another that is
        # common in names (宋建舌 for 宋建磊). Both are mended as reading them, like a stray
        # mark dropped (parsers.parse_name): no read_as, which marks a name taken from
        # other documents (extract/names.py).
        fields["name"], rejoined = surname_rejoined(fields["name"], characters.get("name"))
        if rejoined is not None:
            characters["name"] = rejoined
        fields["name"] = given_name_mended(fields["name"])
    return Document(doc_id, pages.type, pages.refs, pages.confidence, fields, confidence, characters, read_as)


# How sure a hospital name is once OCR's reading of it matched a directory entry (up to
# one misread character in four, numerals exact): a misreading that lands on another
# hospital of the directory is far less likely than the reading being right, whatever
# the line's own OCR confidence (a heading under a seal reads at 0.4–0.5).
DIRECTORY_MATCH_CONFIDENCE = 0.85


_STAY_DAYS = re.compile(r"(\d{1,3})\s*[天日]")
# A discharge summary's sentence giving the days of the stay: 于2024年01月13日出院，共住院4天.
_DAYS_IN_PROSE = re.compile(r"共?住院\s*(\d{1,3}\s*天)")


def _stay_days(lines: list[NormalLine]) -> Found | None:
    """The days of the stay a certificate prints: its 住院天数 label's value, else a
    summary's 共住院N天."""
    return find_value(lines, ("住院天数",)) or _days_in_prose(lines)


def _days_in_prose(lines: list[NormalLine]) -> Found | None:
    """The days of the stay a summary's sentence gives (共住院4天), as a 住院天数 label's value."""
    for index, line in enumerate(lines):
        if match := _DAYS_IN_PROSE.search(line.text):
            return Found(match.group(1), line.line.confidence, index)
    return None


# A stay date in a summary's sentence whose month OCR garbled (2024年0月13日出院 for
# 2024年01月13日): its year and day read, the month one or two marks, before 出院 or 入院.
_SENTENCE_DATE = r"{year}\s*年\s*\S{{1,2}}\s*月\s*0?{day}\s*日\s*(?:{event})"
_STAY_EVENT = {"admission_date": "[入人]院|[入人]住|收[入人]|收治|收住", "discharge_date": "出院|离院"}


def _stay_date_by_days(lines: list[NormalLine], found: Found, fields: dict[str, Any],
                       confidence: dict[str, float]) -> None:
    """An admission or discharge date whose year (202-/9/16) or month (2024/17/29) OCR
    garbled, from the other date and the days of the stay the certificate prints
    (``found``, the value of its 住院天数 label: 7天, or of a summary's 共住院7天; days
    counted from admission to discharge): taken only where what was read after the
    date's label still ends in that month and day, the separator between them read, read
    as a 1 (2024/1017 for 2024/10/7 after 2024/9/24 and 13 days) or lost, the day's last
    digit maybe read as a mark (2024.03.0+), or, its label unread, where the certificate
    prints that date whole."""
    days = _STAY_DAYS.match(found.text)
    if days is None:
        return
    stay = timedelta(days=int(days.group(1)))
    admission, discharge = fields.get("admission_date"), fields.get("discharge_date")
    if (admission is None) == (discharge is None):
        return
    name, date_ = ("admission_date", discharge - stay) if admission is None else ("discharge_date", admission + stay)
    read = find_value(lines, LABELS[name])
    # its separator read, read as a 1 (2024/1017 for 2024/10/7, s3052-001) or lost
    # (2024/111 for 2024/1/11 on a phone photo, s3068-008); or the day's last digit
    # read as a mark (2024.03.0+ for 2024.03.04 on a 1-bit scan, s3065-026)
    ends = rf"(?:0?{date_.day}\D*|0?{str(date_.day)[:-1]}[^\d\s.]\s*)$"
    if read is not None and re.search(rf"{date_.month}(?:\D+|1)?{ends}", read.text):
        fields[name] = date_
        confidence[name] = round(min(read.confidence, found.confidence) * 0.8, 3)
    elif read is None:
        # Its label garbled (出陋E二亲 2024年06月111 on a 1-bit scan, s3063-000): the date
        # the stay gives, where the certificate prints it whole, or in a summary's
        # sentence with its month garbled (于2024年0月13日出院，共住院4天, s3071-016).
        sentence = re.compile(_SENTENCE_DATE.format(year=date_.year, day=date_.day, event=_STAY_EVENT[name]))
        printed = next((line for line in lines if date_ in parsers.parse_dates(line.text)
                        or sentence.search(line.text)), None)
        if printed is not None:
            fields[name] = date_
            confidence[name] = round(min(printed.line.confidence, found.confidence) * 0.8, 3)


# A stay longer than this is no reading of a stay date whose separator went unread: the
# other reading of its digits, if one is nearer, is the date.
LONGEST_LIKELY_STAY = timedelta(days=180)
# A stay date with one separator lost: the year, then three digits that are a month and
# a day run together (2024/119: 1/19 or 11/9).
_SEPARATOR_LOST = re.compile(r"((?:19|20)\d\d)\s*[./\-年]\s*(\d{3})\s*日?\s*$")


def _stay_date_by_its_partner(lines: list[NormalLine], fields: dict[str, Any], confidence: dict[str, float]) -> None:
    """A stay date read after its label with a separator lost (出院时间 2024/119 on a
    phone photo, s3066-006), where the other date was read: of its two readings (1/19
    and 11/9), the one that falls on the right side of the other date within
    LONGEST_LIKELY_STAY, when only one does. Only where the certificate prints no days
    of the stay: those decide (_stay_date_by_days)."""
    for name, other, sign in (("discharge_date", "admission_date", 1), ("admission_date", "discharge_date", -1)):
        partner = fields.get(other)
        found = find_value(lines, LABELS[name]) if name not in fields and partner is not None else None
        match = _SEPARATOR_LOST.search(found.text) if found is not None else None
        if match is None:
            continue
        year, digits = int(match.group(1)), match.group(2)
        readings = [_valid_date(year, int(digits[:cut]), int(digits[cut:])) for cut in (1, 2)]
        likely = [day for day in readings if day is not None
                  and timedelta(0) <= (day - partner) * sign <= LONGEST_LIKELY_STAY]
        if len(likely) == 1:
            fields[name], confidence[name] = likely[0], round(found.confidence * 0.6, 3)


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _trust_directory_names(fields: dict[str, Any], confidence: dict[str, float], directory: Directory) -> None:
    for name in HOSPITAL_FIELDS:
        if isinstance(fields.get(name), str) and directory.has_hospital_named(fields[name]):
            confidence[name] = max(confidence[name], DIRECTORY_MATCH_CONFIDENCE)


def _extract_field(name: str, pages: DocumentPages, context: Context) -> tuple[Any, float]:
    special = _SPECIAL.get(name)
    if special is not None:
        return special(pages, context)
    found = find_value(context.lines, LABELS.get(name, ()))
    value = _PARSERS.get(name, _plain)(found.text, context) if found else None
    if value is None:
        fallback = _FALLBACKS.get((pages.type, name)) or _FALLBACKS.get((None, name))
        if fallback is not None:
            return fallback(context)
        return None, 0.0
    return value, found.confidence


# --- parsers by kind of field --------------------------------------------------------


def _plain(text: str, context: Context) -> str | None:
    text = text.strip()
    return text or None


def _date(text: str, context: Context):
    return parsers.parse_date(text)


def _money(text: str, context: Context):
    return parsers.parse_money(text)


# After 患者 or 病人 in prose, the sentence going on instead of a name (患者因不适入院).
_SENTENCE_GOES_ON = re.compile(r"\s*(?:因|系|经)")


# A value that is a label's own 姓名 misread: a character and 名, of no known surname.
_LABEL_TAIL = re.compile(r"[\u4e00-\u9fff]名")


def _name_past_label_tail(found: Found, context: Context) -> str | None:
    """The name a name label's value reads (parsers.parse_name); where the value is only
    the rest of the label misread, found apart from it (病人媳名  兽平立: 病人姓名 found as
    病人, its value 媳名), the name in the cell after it, when that cell reads as one."""
    name = parsers.parse_name(found.text)
    if name is None or not _LABEL_TAIL.fullmatch(name) or has_surname(name):
        return name
    line = context.lines[found.line_index].text
    rest = line[line.find(found.text) + len(found.text):].strip()
    return parsers.parse_name(rest.split(CELL_GAP)[0]) or name


def _person_name(pages: DocumentPages, context: Context) -> tuple[Any, float]:
    """The patient's name: the labelled value when it starts with a known surname, else a
    name found without its label (a card's first cell, a sentence's 患者…), else the
    labelled value trusted less (extract/names.py)."""
    readings = [(name, found) for found in find_values(context.lines, LABELS["name"])
                if not _SENTENCE_GOES_ON.match(found.text) and (name := _name_past_label_tail(found, context))]
    # A label may stand twice, or a longer label may hide it (交款人统一社会信用代码 read
    # with one character wrong): the first labelled value that reads like a name wins.
    for name, found in readings:
        if has_surname(name):
            return name, found.confidence
    guess, sure = (_FALLBACKS.get((pages.type, "name")) or _FALLBACKS[(None, "name")])(context)
    if guess and has_surname(guess):
        return guess, sure
    if readings:
        name, found = readings[0]
        return name, name_confidence(name, found.confidence)
    return guess, name_confidence(guess, sure)


def _id_number(text: str, context: Context):
    return parsers.parse_id_number(text)


def _digits(text: str, context: Context):
    """The first run of digits (spaces within it dropped) in a cell of ``text``: runs in
    two cells are two numbers (21602471  4851925638, an invoice's code and number)."""
    for cell in _normalised_cells(text):
        match = re.search(r"\d[\d\s]{5,}\d", cell)
        if match:
            return re.sub(r"\s", "", match.group(0))
    return None


def _normalised_cells(text: str) -> list[str]:
    """The cells of a line (parted by CELL_GAP), each normalised (parsers.normalise,
    which drops spaces: done on the whole line, it runs two cells' numbers together),
    without the label debris before a long number (_LABEL_DEBRIS), a bracket that ends a
    long number read for its last 1 (_ONE_AS_BRACKET)."""
    return [_ONE_AS_BRACKET.sub("1", parsers.normalise(_LABEL_DEBRIS.sub("", unicodedata.normalize("NFKC", cell))))
            for cell in text.split(CELL_GAP)]


# A bracket ending a run of six digits or more is its last 1, as chi_sim reads a 1 in
# some fonts (票据号码997436003] for 9974360031, a grey 300 dpi scan, s3066-028). Beside a
# short number it is no digit: 第1]页 is 第1页.
_ONE_AS_BRACKET = re.compile(r"(?<=\d{6})\](?![\d\]])")


# One or two digits standing a space apart before a run of eight or more are what is left
# of a garbled label, not the number's first digits: 票据号码： read 票据号3全3 0459570440
# (a photo, s3058-018) and 哇拔1苇1供3 0549773320 (a 300 dpi grey scan, s3055-012), each
# 3 read at 0.1-0.3 beside the number at 0.9. Dropping spaces would glue it on (30459570440).
_LABEL_DEBRIS = re.compile(r"(?<!\d)\d{1,2} (?=\d{8,}(?!\d))")


def _card_number(text: str, context: Context):
    match = re.search(r"[A-Z0-9][A-Z0-9\s]{6,}[A-Z0-9]", parsers.normalise(text).upper())
    return re.sub(r"\s", "", match.group(0)) if match else None


def _phone(text: str, context: Context):
    match = re.search(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}", parsers.normalise(text))
    return match.group(0) if match else None


def _capital(text: str, context: Context):
    """The raw 大写 text; it becomes an amount once the amount in figures is known."""
    return text if parsers.capital_places(text) is not None else None


def _hospital(text: str, context: Context):
    """The directory's name for the hospital in ``text``, else the text as read when it
    could name a hospital (not the ring of a seal, …专用章)."""
    name = _hospital_name(text, context)
    if name is None and names_an_institution(text):
        name = _plain(text, context)
    return name


def _hospital_name(text: str, context: Context) -> str | None:
    """The hospital named in ``text`` (directory name, else a …医院 run), or None."""
    match = context.directory.match_hospital(text)
    if match is not None:
        return match.hospital.name
    found = _HOSPITAL_NAME.search(strip_punct(text))
    return found.group(0) if found else None


def _region(text: str, context: Context):
    code = re.search(r"(?<!\d)\d{6}(?!\d)", text)
    if code and context.directory.region(code.group(0)):
        return code.group(0)
    region = context.directory.region_by_name(strip_punct(text))
    return region.code if region else None


def _category(text: str, context: Context):
    return _choice(text, CATEGORY_WORDS, Category)


def _insurance_type(text: str, context: Context):
    return _choice(text, INSURANCE_TYPE_WORDS, InsuranceType)


_EMPTY_BOXES = "口□◻☐〇"
# How Tesseract reads a ticked box (☑): a box with a mark inside.
_TICKED_BOXES = "☑☒√✓✔■因区囚团図回"


def _choice(text: str, words, enum):
    """The option ticked (or simply written) in ``text``.

    A form prints every option behind a box: 口异地安置退休人员 ☑异地急诊抢救人员. OCR reads
    the empty box as 口 and the ticked one as anything else (因, 区, √, 办...), so the
    option whose box is not read as empty is the one chosen. When several boxes are not
    read as empty (a blurred 口 read as 已), only a tick's usual readings count, and
    two ticks, or none, choose nothing: a guess would decide the required materials.
    """
    cleaned = parsers.normalise(text)
    starts: dict[str, int] = {}  # each option where its longest wording starts
    for word, code in words:
        if word in cleaned:
            starts[code] = min(starts.get(code, len(cleaned)), cleaned.find(word))
    if not starts:
        return None
    if any(ch in _EMPTY_BOXES for ch in cleaned):  # a row of boxes: the ticked one counts
        boxes = {code: cleaned[pos - 1] for code, pos in starts.items() if pos > 0}
        ticked = [code for code, box in boxes.items() if box not in _EMPTY_BOXES]
        if len(ticked) > 1:  # several boxes not read as empty: trust only a tick's usual readings
            ticked = [code for code in ticked if boxes[code] in _TICKED_BOXES]
        return enum(ticked[0]) if len(ticked) == 1 else None
    return enum(min(starts, key=starts.get))


def _designated_hospitals(text: str, context: Context):
    names = []
    for piece in re.split(r"[、,，;；/]|(?<!\d)\d[.、)）]", text):
        piece = piece.strip(" .")
        hospital = _hospital_name(piece, context) if len(piece) >= 2 else None
        if hospital and hospital not in names:
            names.append(hospital)
    return names[:3] or None


_PARSERS: dict[str, Callable[[str, Context], Any]] = {
    "id_number": _id_number,
    "admission_date": _date, "discharge_date": _date, "issue_date": _date, "referral_date": _date,
    "filing_date": _date, "emergency_date": _date,
    "valid_from": lambda text, c: (parsers.parse_dates(text) or [None])[0],
    "valid_until": lambda text, c: (parsers.parse_dates(text) or [None])[-1],
    "total_amount": _money, "fund_paid": _money, "self_paid": _money,
    "total_amount_words": _capital,
    "invoice_code": _digits, "invoice_number": _digits, "bank_account": _digits,
    "card_number": _card_number,
    "phone": _phone,
    "hospital": _hospital, "issuing_hospital": _hospital, "destination_hospital": _hospital,
    "insured_region": _region, "treatment_region": _region, "work_region": _region,
    "category": _category, "insurance_type": _insurance_type,
}


# --- fallbacks: values real documents print without a label ------------------------------


def _hospital_in_heading(context: Context) -> tuple[Any, float]:
    """A discharge certificate's hospital is often its heading: 合肥市第五人民医院 出院证明书."""
    for line in context.lines[:6]:
        match = context.directory.match_hospital(line.text)
        if match is not None:
            return match.hospital.name, line.line.confidence * match.score
    for line in context.lines[:6]:
        found = _HOSPITAL_NAME.search(strip_punct(line.text))
        if found:
            return found.group(0), line.line.confidence * 0.8
    return None, 0.0


def _id_anywhere(context: Context) -> tuple[Any, float]:
    """An ID number without its label: a valid one anywhere, else one holding a birth
    date. Other long numbers (a bank account, a card number) are not taken for it."""
    numbers = [(number, line.line.confidence) for line in context.lines
               if (number := parsers.parse_id_number(line.text))]
    valid = [found for found in numbers if parsers.id_is_valid(found[0])]
    dated = [found for found in numbers if birth_date_of(found[0])]
    return (valid or dated or [(None, 0.0)])[0]


# A written date; a bracket OCR glued to its month or day (2024年01]月08日, 2024-09-]11),
# or read for a 1 (2024年]月24日), a 日 read as 1 (2024年05月301) and a stray character
# before its 年 (2024人年) are mended when it is parsed (parsers.parse_dates).
_DATE_TEXT = (r"((?:19|20)\d{2}\s*(?:[\u4e00-\u9fff]?年|[\-./])\s*(?:\]?\d{1,2}\]?|\])\s*[月\-./]\s*"
              r"(?:\d{2}1(?=\s*[\u4e00-\u9fff])|\]?\d{1,2}\]?|\])\s*日?)")


def _joined(context: Context) -> str:
    """The document's lines joined: prose wraps dates and names across lines."""
    return "".join(line.text.strip() for line in context.lines)


def _prose_confidence(context: Context) -> float:
    return min((line.line.confidence for line in context.lines), default=0.0) * 0.9


# 入院/出院 opening a section's label (入院情况, 出院诊断), not a sentence's verb: a date
# at the end of the line above (出院时间 2024/9/6 | 入院情况 …) is no admission's. So is
# a date label with its second character misread (出院日则, 出院时问): the date before it
# on its line is the admission's (入院日其 2024年03月29日 出院日则, s3076-028).
_NO_SECTION = "(?!情况|诊断|医嘱|记录|日|时)"


def _date_in_sentence(keyword: str) -> Callable[[Context], tuple[Any, float]]:
    """A date written beside 入院/出院 in prose: 患者于2024年8月15日入院."""
    patterns = [re.compile(_DATE_TEXT + r"[^\d]{0,4}" + keyword), re.compile(keyword + r"[^\d]{0,6}" + _DATE_TEXT)]

    def find(context: Context) -> tuple[Any, float]:
        # Searched over the joined lines: in prose a date often wraps (于2024 / 年4月13日).
        text = _joined(context)
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                return parsers.parse_date(match.group(1)), _prose_confidence(context)
        return None, 0.0

    return find


# A stay date's label with its first character misread or lost (4院日期 for 出院日期).
_STAY_LABEL = re.compile(r"院(?:日期|时间)\s*:?\s*" + _DATE_TEXT)
_STAY_LINE = re.compile(r"\s*(?:[入人][^\d]{0,6})?" + _DATE_TEXT + r"[^\d]{0,3}院(?:日期|时间)\s*:?\s*" + _DATE_TEXT)


def _stay_label_date(index: int) -> Callable[[Context], tuple[Any, float]]:
    """The admission (0) or discharge (1) date after labels whose first character OCR
    misread (入院日期 2024.11.02 4院日期 2024.11.12): when exactly two dates follow a
    …院日期 or …院时间 label, in order, the first is the admission's, the second the
    discharge's, as every record prints them. So on a line that opens with 入 and holds a
    date, then a …院时间 label and a later date: the admission's label garbled after
    its 入 (入了二站 2024/8/20 贡院时间 2024/9/6), or lost with it (2024.08.21 出院日期
    2024.09.08 on a photo, s3057-001)."""
    def find(context: Context) -> tuple[Any, float]:
        for line in context.lines:
            dates = [parsers.parse_date(m.group(1)) for m in _STAY_LABEL.finditer(line.text)]
            sure = 0.8
            if len(dates) != 2 and (stay := _STAY_LINE.match(line.text)):
                dates, sure = [parsers.parse_date(stay.group(1)), parsers.parse_date(stay.group(2))], 0.7
            if len(dates) == 2 and None not in dates and dates[0] <= dates[1]:
                return dates[index], line.line.confidence * sure
        return None, 0.0
    return find


# A certificate's sections (入院诊断, 出院情况, 诊疗经过, 出院医嘱) follow its stay.
_SECTION = re.compile(r"诊断|情况|经过|医嘱")


def _stay_in_order(index: int) -> Callable[[Context], tuple[Any, float]]:
    """The admission (0) or discharge (1) date of a certificate whose stay labels OCR
    garbled past knowing (入旧娃 商生期 2024.03.08 under | 2024.02.25, a 1-bit scan,
    s3069-002): the two dates above its first section, when there are exactly two, in
    order, and no further apart than LONGEST_LIKELY_STAY, as every certificate prints
    its stay; not where the days of the stay it prints (住院天数, 共住院N天) say otherwise.
    Less sure than a labelled date."""
    def find(context: Context) -> tuple[Any, float]:
        dates: list[date] = []
        sure = 1.0
        for line in context.lines:
            if _SECTION.search(line.text):
                break
            for day in parsers.parse_dates(line.text):
                if day not in dates:
                    dates.append(day)
                    sure = min(sure, line.line.confidence)
        if len(dates) != 2 or not timedelta(0) <= dates[1] - dates[0] <= LONGEST_LIKELY_STAY:
            return None, 0.0
        days = _stay_days(context.lines)
        printed = _STAY_DAYS.match(days.text) if days is not None else None
        if printed is not None and (dates[1] - dates[0]).days != int(printed.group(1)):
            return None, 0.0
        return dates[index], sure * 0.6
    return find


def _date_before_discharge_label(context: Context) -> tuple[Any, float]:
    """The admission date where its label was lost and the discharge's read, even with a
    character wrong (2024年6月16日  出院日项  2024年7月3日, a photo, s3054-006): the one
    date before the discharge label on its line, when the one after it is later."""
    for line in context.lines:
        hit = next((h for h in label_hits(line.text) if h.label in LABELS["discharge_date"]), None)
        if hit is None:
            continue
        before, after = parsers.parse_dates(line.text[:hit.start]), parsers.parse_dates(line.text[hit.end:])
        if len(before) == 1 and after and before[0] <= after[0]:
            return before[0], line.line.confidence * 0.7
    return None, 0.0


def _first_found(*finders: Callable[[Context], tuple[Any, float]]) -> Callable[[Context], tuple[Any, float]]:
    """The first of ``finders`` that finds a value."""
    def find(context: Context) -> tuple[Any, float]:
        for finder in finders:
            value, sure = finder(context)
            if value is not None:
                return value, sure
        return None, 0.0
    return find


def _capital_anywhere(context: Context) -> tuple[Any, float]:
    for line in context.lines:
        if parsers.capital_places(line.text) is not None:
            return line.text, line.line.confidence
    return None, 0.0


def _stay_dates(index: int) -> Callable[[Context], tuple[Any, float]]:
    """Invoices print the stay as one string: 住院时间: 20201217|20201223."""
    def find(context: Context) -> tuple[Any, float]:
        found = find_value(context.lines, ("住院时间", "住院日期", "住院期间"))
        dates = parsers.parse_dates(found.text) if found else []
        return (dates[index], found.confidence) if len(dates) == 2 else (None, 0.0)
    return find


# 兹证明 with its rare 兹 misread (冀证明朱兰〈公民身份号码…): 证明 alone still opens it
# when a bracket (read as 〈 too) follows the name, as the ID number does in these letters.
_PATIENT_IN_PROSE = re.compile(
    r"(?:患者|病人|参保人|兹有|兹证明|证明(?=[\u4e00-\u9fff]{2,4}[(（〈])|职工|同志)[:：]?"
    r"([\u4e00-\u9fff]{2,4}?)(?=[(（〈,，。\s]|性别|同志|[男女],|系|于|因|，)")
_PERIOD_IN_PROSE = re.compile(r"自" + _DATE_TEXT + r"(?:起)?\s*(?:至|到|-|—)\s*" + _DATE_TEXT)
_ADDRESS_IN_PROSE = re.compile(r"(?:辖区|居住于|住址为|现住|居住在)([\u4e00-\u9fff\d]+?)(?=居住|[，,。])")
_WORK_PLACE_IN_PROSE = re.compile(r"(?:派驻|派往|常驻|外派至|外派到)([\u4e00-\u9fff]{2,8}?[市县省区])")
_EMPLOYER = re.compile(r"^[\u4e00-\u9fff()]{4,30}(?:公司|集团|单位|局|厂|中心|研究院|学校|大学|银行|委员会)$")
_DESTINATION_IN_PROSE = re.compile(r"(?:转往|转至|转入|转到|前往)([\u4e00-\u9fff]{2,20}?(?:医院|卫生院|卫生服务中心|医疗中心))")


def _name_in_prose(context: Context) -> tuple[Any, float]:
    """A patient named in a sentence: 兹有我院患者刘新芳（性别女…）. What follows 病人 is no
    name when it is a label's word: 病人姓名 唐英 is a label and a name (s3064-028)."""
    for line in context.lines:
        for match in _PATIENT_IN_PROSE.finditer(line.text):
            if parsers.parse_name(match.group(1)):
                return match.group(1), line.line.confidence * 0.9
    return None, 0.0


# 姓名 garbled before its colon, its 名 read (中者妊和名:闻伟 for 患者姓名:萧伟 on a 1-bit
# scan's list, s3066-019): a name with a known surname after it. Not after 签名, a signer's.
_NAME_LABEL_GARBLED = re.compile(r"(?<![签署])名\s*[:：;；]\s*([\u4e00-\u9fff]{2,4})")


def _name_after_garbled_label(context: Context) -> tuple[Any, float]:
    """A name after a label garbled but for its 名 and colon (中者妊和名:闻伟, or 姑人好名;
    务伟桂 on a mail-room scan's invoice, its colon read ;), where no label read well
    enough to be found: unsure, the more so without a known surname (_person_name), its
    misread characters mended from the packet's other documents (务伟桂 is 蒋伟桂,
    s3071-013). A name with a known surname comes first."""
    found = [(name, line.line.confidence * 0.6) for line in context.lines
             for match in _NAME_LABEL_GARBLED.finditer(line.text) if (name := parsers.parse_name(match.group(1)))]
    return next((pair for pair in found if has_surname(pair[0])), found[0] if found else (None, 0.0))


def _destination_in_prose(context: Context) -> tuple[Any, float]:
    """同意转往广州市珠江医院进一步诊治: the hospital after 转往."""
    text = "".join(line.text for line in context.lines)
    match = _DESTINATION_IN_PROSE.search(text)
    if match is None:
        return None, 0.0
    return _hospital(match.group(1), context), _prose_confidence(context)


def _period(index: int) -> Callable[[Context], tuple[Any, float]]:
    """自2023.09.23至2025.09.21: a letter's period, as start (0) or end (1)."""
    def find(context: Context) -> tuple[Any, float]:
        match = _PERIOD_IN_PROSE.search(_joined(context))
        return (parsers.parse_date(match.group(index + 1)), _prose_confidence(context)) if match else (None, 0.0)
    return find


def _date_after(labels: tuple[str, ...]) -> Callable[[Context], tuple[Any, float]]:
    """A date after its label in running text, even where the line wraps inside the date."""
    pattern = re.compile("(?:" + "|".join(map(re.escape, labels)) + r")[:：]?\s*" + _DATE_TEXT)

    def find(context: Context) -> tuple[Any, float]:
        match = pattern.search(_joined(context))
        return (parsers.parse_date(match.group(1)), _prose_confidence(context)) if match else (None, 0.0)
    return find


def _address_in_prose(context: Context) -> tuple[Any, float]:
    match = _ADDRESS_IN_PROSE.search(_joined(context))
    return (match.group(1), _prose_confidence(context)) if match else (None, 0.0)


def _work_region_in_prose(context: Context) -> tuple[Any, float]:
    match = _WORK_PLACE_IN_PROSE.search(_joined(context))
    code = _region(match.group(1), context) if match else None
    return (code, _prose_confidence(context)) if code else (None, 0.0)


def _employer_signature(context: Context) -> tuple[Any, float]:
    """A letter is signed by its employer on a line of its own, above the date."""
    for line in reversed(context.lines):
        text = strip_punct(line.text)
        if _EMPLOYER.match(text):
            return text, line.line.confidence * 0.9
    return None, 0.0


def _issuing_hospital(context: Context) -> tuple[Any, float]:
    """The hospital that signs a referral: its heading, or the hospital named last that is
    not the destination (the signature line above the seal)."""
    destination, _ = _destination_in_prose(context)
    heading, sure = _hospital_in_heading(context)
    if heading is not None and heading != destination:
        return heading, sure
    for line in reversed(context.lines):
        name = _hospital_name(line.text, context)
        if name is not None and name != destination:
            return name, line.line.confidence * 0.8
    return None, 0.0


def _last_date(context: Context) -> tuple[Any, float]:
    """A certificate's date is the one under its signature: the last date on it."""
    for line in reversed(context.lines):
        dates = parsers.parse_dates(line.text)
        if dates:
            return dates[-1], line.line.confidence * 0.9
    return None, 0.0


_NOT_NAMES = {"中华人民共和国", "居民身份证", "社会保障卡", "复印件与原件一致", "签发机关", "有效期限"}


def _name_alone(context: Context) -> tuple[Any, float]:
    """On a card whose small labels OCR lost, the name is the first cell of two to four
    Chinese characters with a known surname (after the label 姓名 misread, if any). Failing
    that, such a cell without a known surname on the first line that holds one is
    returned as an unsure reading (活勇 for 张勇), the line's last where it holds two
    (浴老  茧玉云 under a card's title: 姓名 garbled, then 曹玉云 with its surname
    misread, s3065-029): never compared across documents, but mended when another
    document reads the name surely (extract/names.py), or named by the card's ID number
    (names.names_by_id_number). No line after the sex row holds the name."""
    unsure, shaped_line = None, None
    for index, line in enumerate(context.lines):
        if _SEX_ROW.match(line.text):
            shaped_line = index if shaped_line is None else shaped_line
            continue  # 男  民坦汉: the sex, then 民族 garbled with its value, no name
        cells = line.text.split(CELL_GAP)
        for cell, after in zip(cells, [*cells[1:], ""]):
            if _DATE_AHEAD.match(after):
                continue  # 时卡日明  2019年0月: 发卡日期 garbled before its date, no name
            # 壮:名朱明 is 姓名 misread, then 朱明; digits stay (单元802室 is no name)
            cell = parsers.without_particles(re.sub(r"[:;,.、]", "", re.sub(r"^[^\u4e00-\u9fff]+", "", cell.strip())))
            if re.fullmatch(r"(?:姓.|.名)[\u4e00-\u9fff]{2,4}", cell):
                cell = cell[2:]  # 姓各唐超洋: 姓名 with one character misread, glued to the name
            if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", cell) or cell in _NOT_NAMES or label_hits(cell) \
                    or not parsers.parse_name(cell):
                continue
            if has_surname(cell):
                if parsers.parse_name(cell) == cell:
                    return cell, line.line.confidence * 0.7
                continue  # 张燕女: a name with more, not a reading to keep unsure
            if shaped_line in (None, index):
                shaped_line, unsure = index, (cell, line.line.confidence * 0.3)
    return unsure or (None, 0.0)


# A cell opening with a year: the date a card's label (发卡日期, 出生) stands before.
_DATE_AHEAD = re.compile(r"\s*[12]\d{2}.\s*[年.\-/]")
# A card's row of sex and ethnicity, its labels lost: it opens with 男 or 女 alone.
_SEX_ROW = re.compile(r"\s*[男女](?:\s|$)")
_PERSON_AFTER_COLON = re.compile(r"([\u4e00-\u9fff]{0,3})人\s*:\s*([\u4e00-\u9fff]{2,4})")
# 交款人 with one character misread and its colon lost, the name glued to it (父款人马海国,
# s3063-005).
_PAYER_GLUED = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]款|交[\u4e00-\u9fff])人\s*([\u4e00-\u9fff]{2,4})")
# Staff who sign an invoice: their names are not the patient's.
_STAFF = ("收款", "复核", "开票", "经办", "审核", "制单", "负责", "联系")


def _payer_after_colon(context: Context) -> tuple[Any, float]:
    """The payer of an invoice whose label OCR garbled (父下去夭j人:郑涛娜 for 交款人:郑涛娜):
    a name with a known surname after "…人:", unless a staff role (收款人, 复核人) is
    named before it. A role garbled as far from 交款 as from every staff role (性愉人:
    王敏) is no payer's at the invoice's foot (its lowest quarter), where staff sign.
    Else a name glued to 交款人 read with one character wrong (父款人马海国)."""
    tops = [line.line.box[1] for line in context.lines]
    foot = min(tops, default=0) + 0.75 * (max(tops, default=0) - min(tops, default=0))
    for line in context.lines:
        for match in _PERSON_AFTER_COLON.finditer(line.text):
            role, name = match.group(1), parsers.parse_name(match.group(2))
            if name and has_surname(name) and not _is_staff(role) \
                    and (line.line.box[1] <= foot or _reads_as_payer(role)):
                return name, line.line.confidence * 0.8
    for line in context.lines:
        for match in _PAYER_GLUED.finditer(line.text):
            role, name = match.group(1), parsers.parse_name(match.group(2))
            if name and has_surname(name) and not _is_staff(role):
                return name, line.line.confidence * 0.7
    return None, 0.0


def _reads_as_payer(role: str) -> bool:
    """Whether the words before 人 are nearer 交款 than any staff role (see _is_staff)."""
    payer, staff = _role_distances(role)
    return payer < staff


def _name_before_figures(context: Context) -> tuple[Any, float]:
    """On a receipt form whose printed labels dropped out of a black-and-white scan, the
    name that begins a line of figures (彭敏刚  250.00  500.00: the payer's box, then the
    fee boxes beside it)."""
    for line in context.lines:
        match = _NAME_BEFORE_FIGURES.match(line.text)
        if match and has_surname(match.group(1)) and not _MONEY_WORDS.search(match.group(1)):
            return match.group(1), line.line.confidence * 0.6
    return None, 0.0


# A name alone before figures only: 彭敏刚  250.00  500.00; not a word of money (金额
# 250.00, 余额, 应收: 金, 余 and 应 are surnames too).
_NAME_BEFORE_FIGURES = re.compile(r"\s*([\u4e00-\u9fff]{2,4})(?:\s+[¥]?\d[\d,]*\.\d{2})+\s*$")
_MONEY_WORDS = re.compile(r"[额费收付款计支缴退]")


def _is_staff(role: str) -> bool:
    """Whether the words before 人 name a staff role, read right or with a character
    misread (收坎人 for 收款人), unless they read as near 交款, the payer's own label."""
    payer, staff = _role_distances(role)
    return staff < payer


def _role_distances(role: str) -> tuple[int, int]:
    """How many characters the words before 人 have wrong from 交款, and from the nearest
    staff role."""
    tail = role[-2:]
    return _characters_apart(tail, "交款"), min(_characters_apart(tail, staff) for staff in _STAFF)


def _characters_apart(read: str, word: str) -> int:
    """How many characters of two-character ``word`` ``read`` has wrong or missing."""
    return sum(a != b for a, b in zip(read, word)) + abs(len(word) - len(read))


# A label before a date: Chinese characters, or strokes read as brackets and bars
# (收款上]期 for 收款日期, its colon lost), then a colon if one was read.
_DATE_LABEL = re.compile(r"([\u4e00-\u9fff\]\[|]{2,6})\s*[:：”“\"']?\s*(?=\d)")
# Dates an invoice prints besides its issue date: the stay's.
_OTHER_DATES = ("住院", "入院", "人院", "出院", "出生", "有效")


def _issue_date_after_garbled_label(context: Context) -> tuple[Any, float]:
    """An invoice's date whose label OCR garbled beyond one character (收均日斯 for 收款日期):
    a date right after a label that still reads 日 or 期, or that opens with the 开 of
    开票日期 (开罗 ”2024 年 02 月 12 日), and names no stay date."""
    for line in context.lines:
        for match in _DATE_LABEL.finditer(line.text):
            label = match.group(1)
            if ("日" in label or "期" in label or label[-2:].startswith("开")) \
                    and not any(word in label for word in _OTHER_DATES):
                day = parsers.parse_date(line.text[match.end():match.end() + 14])
                if day is not None:
                    return day, line.line.confidence * 0.8
    return None, 0.0


def _date_alone(context: Context) -> tuple[Any, float]:
    """A date written out in full (2024年11月12日, 2024.09.23) that begins a line: on a
    receipt form scanned in black and white the printed labels drop out, and the date the
    hospital printed onto the form stands alone (the stay's dates print as digits, or as
    a range: 20240916 至 20240923)."""
    for line in context.lines:
        if match := _DATE_ALONE.match(line.text):
            return parsers.parse_date(match.group(1)), line.line.confidence * 0.6
    return None, 0.0


_DATE_ALONE = re.compile(r"\s*((?:19|20)\d{2}(?:\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|([./\-])\d{1,2}(?:\2|,)\d{1,2}(?!\d)))"
                         r"(?!\s*(?:至|到|—|-|~|\|)\s*\d)")


def _date_at_foot(context: Context) -> tuple[Any, float]:
    """The last date an invoice writes out in full (2024-03-08, 2024.08.17, 2024年…日),
    not in a range and not after a stay's label: the issue date, printed at the foot
    beside the cashier, its label garbled past reading (全捧: 2024-03-08, 于电目斯:
    2024.08.17, J区站贡2024-05-10), or lost on a 1-bit scan beside a stray cell
    (1 呈1 2024.07.04, s3068-017). The stay prints as a range or after its labels: a
    date glued to a digit, after a word of four digits or more, or before another date
    (a stay's two dates, the range's mark unread), is not taken."""
    for line in reversed(context.lines):
        for match in reversed(list(_DATE_WRITTEN.finditer(line.text))):
            before = line.text[:match.start()].rstrip()
            glued = line.text[match.start() - 1:match.start()].isdigit()
            previous = before.split()[-1] if before.split() else ""
            followed = _DATE_WRITTEN.match(line.text[match.end():].lstrip()) is not None
            if before.endswith(_RANGE_MARKS) or glued or sum(c.isdigit() for c in previous) >= 4 or followed \
                    or any(word in before[-6:] for word in _OTHER_DATES):
                continue
            if (day := parsers.parse_date(match.group(1))) is not None:
                return day, line.line.confidence * 0.6
    return None, 0.0


_DATE_WRITTEN = re.compile(_DATE_ALONE.pattern.removeprefix(r"\s*"))
_RANGE_MARKS = ("-", "~", "至", "到", "—", "|")


# The heading of an invoice: its first lines, where the code and number stand.
HEADING_LINES = 4
# ten digits, no digit, point or dash against them (1723001218- is a longer token garbled)
_TEN_DIGITS = re.compile(r"(?<![\d.\-])\d{10}(?![\d.\-])")


def _ten_digits_on_top(context: Context) -> tuple[Any, float]:
    """The invoice number as the one run of exactly ten digits on the invoice's heading
    lines, where its label and NO. went unread (相让{?1SN4.9点撕疆介 6105414806, a 300 dpi
    grey scan, s3053-022): the number is printed with ten digits at the top, the code
    with eight; the stay's dates, the amounts and the other numbers stand lower. Not ten
    digits against a dash or a point: 1723001218- for 1759912184 is a misreading
    (s3043-024). None where two such runs stand there."""
    runs = [(run.group(), line.line.confidence) for line in context.lines[:HEADING_LINES]
            for run in _TEN_DIGITS.finditer(" ".join(_normalised_cells(line.text)))]
    if len(runs) != 1:
        return None, 0.0
    return runs[0][0], runs[0][1] * 0.6


_AFTER_CODE_LABEL = re.compile(r"代码\W*$")
_SPEAKS_OF_NUMBER = re.compile(r"票|发|号码|No|NO|N\((?:0|O)?\)|№")


def _invoice_number_on_heading(context: Context) -> tuple[Any, float]:
    """An invoice number whose label OCR garbled (票据上了二了码7083389359): on a line that
    speaks of the 票据/发票 or its No., or that carries the invoice code (更据代码 44642480
    蒙据红码 9564324892: receipts print the code and the number side by side), the last
    run of 8 to 20 digits that is not the invoice code (its NO may read N(): an O read as
    brackets, or N(0): as a bracketed 0). A run right after 代码 is the code even where
    its label went unfound (电子票据票据代码 34462460, glued to the title), and a line with
    号码 left of its garbled label speaks of the number (壳所号码 4494729225)."""
    code = find_value(context.lines, LABELS["invoice_code"])
    code_digits = _digits(code.text, context) if code else None
    for line in context.lines:
        text = " ".join(_normalised_cells(line.text))  # a number per cell
        if not _SPEAKS_OF_NUMBER.search(line.text) and not (code_digits and code_digits in text):
            continue
        numbers = [run.group() for run in re.finditer(r"(?<!\d)\d{8,20}(?!\d)", text)
                   if run.group() != code_digits and not _AFTER_CODE_LABEL.search(text[:run.start()])]
        if numbers:
            return numbers[-1], line.line.confidence * 0.8
    return None, 0.0


def _card_number_anywhere(context: Context) -> tuple[Any, float]:
    """A social security card number: a letter and eight digits (or nine digits)."""
    for line in context.lines:
        match = re.search(r"(?<![A-Z0-9])([A-Z]\d{8}|\d{9})(?!\d)", parsers.normalise(line.text).upper())
        if match:
            return match.group(1), line.line.confidence * 0.8
    return None, 0.0


# 于2024年4月12日入住我院 / 收入我院 / 入院 / 入我院; Tesseract often reads 入 as 人, and
# puts a stray character into a phrase (入人我院) or misreads its 院 (入人我起, s3043-024).
_ADMISSION_UNLABELLED = _first_found(
    _date_in_sentence(f"(?:[入人]院{_NO_SECTION}|[入人]住|收[入人]|收治|收住|[入人][^\\d]?我)"),
    _stay_label_date(0), _date_before_discharge_label)
_DISCHARGE_UNLABELLED = _first_found(_date_in_sentence(f"(?:出院{_NO_SECTION}|离院)"), _stay_label_date(1))

_FALLBACKS: dict[tuple[DocType | None, str], Callable[[Context], tuple[Any, float]]] = {
    (DocType.ID_CARD, "name"): _name_alone,
    (DocType.INSURANCE_CARD, "name"): _name_alone,
    (DocType.INSURANCE_CARD, "card_number"): _card_number_anywhere,
    (None, "hospital"): _hospital_in_heading,
    (None, "name"): _first_found(_name_in_prose, _name_after_garbled_label),
    (DocType.REFERRAL_CERTIFICATE, "destination_hospital"): _destination_in_prose,
    (DocType.REFERRAL_CERTIFICATE, "issuing_hospital"): _issuing_hospital,
    (DocType.REFERRAL_CERTIFICATE, "referral_date"): _last_date,
    (DocType.WORK_ASSIGNMENT_PROOF, "valid_from"): _period(0),
    (DocType.WORK_ASSIGNMENT_PROOF, "valid_until"): _period(1),
    (DocType.WORK_ASSIGNMENT_PROOF, "work_region"): _work_region_in_prose,
    (DocType.WORK_ASSIGNMENT_PROOF, "employer"): _employer_signature,
    (DocType.RESIDENCE_PROOF, "valid_until"): _date_after(("有效期至", "有效期限至", "有效期")),
    (DocType.FILING_RECORD, "valid_until"): _date_after(("有效期至", "结束日期", "终止日期")),
    (None, "id_number"): _id_anywhere,
    (None, "admission_date"): _ADMISSION_UNLABELLED,
    (None, "discharge_date"): _DISCHARGE_UNLABELLED,
    (DocType.DISCHARGE_CERTIFICATE, "admission_date"): _first_found(_ADMISSION_UNLABELLED, _stay_in_order(0)),
    (DocType.DISCHARGE_CERTIFICATE, "discharge_date"): _first_found(_DISCHARGE_UNLABELLED, _stay_in_order(1)),
    (DocType.INVOICE, "total_amount_words"): _capital_anywhere,
    (DocType.INVOICE, "invoice_number"): _first_found(_invoice_number_on_heading, _ten_digits_on_top),
    # The payer after a garbled label, else a patient named in a sentence, else the name
    # before a receipt form's figures, else a name after a label garbled but for its 名.
    (DocType.INVOICE, "name"): _first_found(_payer_after_colon, _name_in_prose, _name_before_figures,
                                            _name_after_garbled_label),
    (DocType.INVOICE, "issue_date"): _first_found(_issue_date_after_garbled_label, _date_alone, _date_at_foot),
    (DocType.INVOICE, "admission_date"): _stay_dates(0),
    (DocType.INVOICE, "discharge_date"): _stay_dates(1),
}


# --- fields with their own procedure ----------------------------------------------------


def _items(pages: DocumentPages, context: Context) -> tuple[Any, float]:
    """All rows of a (multi-page) expense list. A row that could be several items (its
    points lost, a figure misread: table.Unresolved) counts as its likeliest reading
    until the list's total settles it (_settle_rows_by_total, lists.py): the row is
    there whatever its figures say, and a list short of rows is a list misread. Its
    amount drives nothing unless the items add up to a printed total (rules/expenses.py)."""
    items = table.likeliest_items(context.entries)
    confidences = [page.text.confidence if page.text.confidence is not None else 1.0 for page in pages.pages]
    return items, min(confidences, default=0.0)


def _drop_impossible_total(entries: list[table.Entry], fields: dict[str, Any],
                           confidence: dict[str, float]) -> Decimal | None:
    """A list total smaller than the sum of its rows that check (or equal to one row, with
    others) is a misreading, not the total: the total is the sum of all the rows. Seen
    where a seal covers the leading digits (¥2908.40 read as 08.40), where a garbled 总计
    row left the largest row's amount to stand for the total, and where blur garbled the
    total itself (8,970.05 read as 3,.979.的). Only rows whose figures check (quantity ×
    price = amount), or that carry an item code, count as evidence. The total is then
    left unread (low_confidence asks a reviewer, §6) and returned: the document keeps it
    in ``read_as``, and an invoice of the same total proves it read right after all, a
    row that checks having been misread (lists.py). Except where every row checks and
    the total read is their sum with digits lost in front (_sum_its_digits_end): the
    total is that sum, and what was read is returned all the same, for ``read_as``."""
    total = fields.get("total_amount")
    amounts = [row.item.amount for row in entries if isinstance(row, table.Row) and row.checked and row.item.amount > 0]
    if total is None or not amounts:
        return None
    # Equal to one row's amount while other rows cost something: that row's amount, taken
    # for the total when the total row's label was garbled. The row checks, or carries an
    # item code (1 × 8680.00 = 8680.00, XJ1009): a row that does neither may be the total
    # row itself, its label garbled too.
    rows = [row.item.amount for row in entries if isinstance(row, table.Row) and (row.checked or row.item.code)]
    if total < sum(amounts) or (total in rows and len(entries) > 1):
        if (whole := _sum_its_digits_end(entries, total)) is not None:
            log.info("expense list total %s is its checked rows' sum with digits lost in front", total)
            fields["total_amount"] = whole
            return total
        log.info("expense list total %s is below the sum of its checked rows (%s) or one row's amount: set aside",
                 total, sum(amounts))
        del fields["total_amount"]
        del confidence["total_amount"]
        return total
    return None


def _sum_its_digits_end(entries: list[table.Entry], total: Decimal) -> Decimal | None:
    """The sum of a list's rows when every row checks and the total read is that sum with
    digits lost in front (费用总额对 2572.00 for 12572.00, the 1 read into the label's
    last mark, or a seal's ring across it): the rows, each checked, are the list, and the
    total's last digits read to the fen agree with them (parsers.digits_lost_in_front)."""
    if not entries or not all(isinstance(entry, table.Row) and entry.checked for entry in entries):
        return None
    whole = sum((entry.item.amount for entry in entries), Decimal(0))
    return whole if parsers.digits_lost_in_front(whole, total) else None


def _settle_rows_by_total(entries: list[table.Entry], fields: dict[str, Any]) -> None:
    """Rows whose figures lost their decimal points, settled by the list's total
    (table.reconcile_with_total): the items then add up to the total printed."""
    total = fields.get("total_amount")
    if total is None:
        return
    items = table.reconcile_with_total(entries, total)
    if items is not None and items != fields.get("items"):
        log.info("expense list: %d rows settled by the total", len(items) - len(fields.get("items", [])))
        fields["items"] = items


def _list_total(pages: DocumentPages, context: Context) -> tuple[Any, float]:
    """The amount on the list's last 合计/总计 row (a 本页合计 subtotal is not the total);
    if OCR garbled that row's label, the largest amount on the last page: the total is the
    sum of the items, so no item is larger. A total row whose amount lost its decimals
    (14485.60 read as 14485 where a seal crosses .60) leaves the total unread: lists
    print totals to the fen, and 14485.00 would be a wrong amount, not a reading."""
    for line in reversed(context.lines):
        if table.is_list_total(line):
            value = line.text.split(":", 1)[-1]
            amounts = [a for a in parsers.parse_money_all(value, cents=True) if a > 0]
            if amounts:
                return max(amounts), min(line.line.confidence, _figures_sure(line, len(line.text) - len(value)))
            if unit_misread := _UNIT_READ_AS_DIGIT.search(value):
                return parsers.parse_money(unit_misread.group(1)), line.line.confidence * 0.8
            if (made := _total_without_its_point(value, context.entries)) is not None:
                return made, line.line.confidence * 0.8
            if any(a > 0 for a in parsers.parse_money_all(value)):
                return None, 0.0
    mark = pages.pages[-1].page_mark
    if mark is not None and mark[0] < mark[1]:
        return None, 0.0  # 第1页/共3页: the total is on a later page, not in this document
    # The total stands on a line of its own: a figure on an item's row is no total
    # (负1注射用狗及法新 14 58680.00, a 5 glued to 8680.00), except on a list of one row;
    # nor is a figure that opens a line before an item's name (20410.05 SS三司生注射丰: a
    # row's date, blurred, whose figures went unread).
    last = pages.pages[-1].text
    rows = {id(line.line) for line in table.row_lines(last)} if len(context.entries) > 1 else set()
    return _largest_amount([line for line in map(normal_line, last.lines)
                            if id(line.line) not in rows and not _FIGURE_BEFORE_A_NAME.match(line.text)])


def _total_without_its_point(value: str, entries: list[table.Entry]) -> Decimal | None:
    """A total row's figure read without its point, its 元 maybe read as two digits (总计
    79452070 for 7945.20元 on a phone photo, s3065-001), where the list's rows make one
    of its readings (parsers.point_lost_readings) and no other: as read, each its
    likeliest way, or with its rows in doubt settled (table.settle_with_total). None
    otherwise: 79452070 alone could be 794520.70 as well."""
    made = sum((item.amount for item in table.likeliest_items(entries)), Decimal(0))
    readings = {reading for word in value.split()
                for reading in parsers.point_lost_readings(parsers.normalise(word).lstrip("¥￥Y"))}
    settled = [reading for reading in readings
               if reading == made or table.settle_with_total(entries, reading) is not None]
    return settled[0] if len(settled) == 1 else None


def _figures_sure(line: NormalLine, start: int) -> float:
    """How sure OCR was of the least sure word holding a digit from ``start`` on: a total
    row's label read well says nothing of its figure (金额 0.94 合计 0.96 32834.50 0.00,
    Tesseract's guess at 6934.50 under a seal's ring)."""
    words = {line.word_of_char[index] for index in range(start, len(line.text))
             if line.text[index].isdigit() and line.word_of_char[index] >= 0}
    return min((line.line.words[index].confidence for index in words), default=line.line.confidence)


_FIGURE_BEFORE_A_NAME = re.compile(r"\s*\d[\d,.]*\s+(?!元)\S*[\u4e00-\u9fff]{2}")


# A total printed with its unit (7496.65元) whose 元 OCR read as a digit and a mark
# (7496.657%): no amount has three decimals, so the third is the unit misread.
_UNIT_READ_AS_DIGIT = re.compile(r"(?<![\d.,])(\d[\d,]*\.\d{2})\d(?![\d.,])")


def _largest_amount(lines: list[NormalLine]) -> tuple[Any, float]:
    amounts = [(a, line.line.confidence * 0.8) for line in lines
               for a in parsers.parse_money_all(line.text) if _written_as_money(a, line.text) and not _date_like(a)]
    return max(amounts) if amounts else (None, 0.0)


# A date whose first separator OCR lost, 2024.09.29 read 202409.29 in a list's date column.
_DATE_AS_AMOUNT = re.compile(r"^20\d\d(0[1-9]|1[0-2])\.(0[1-9]|[12]\d|3[01])$")


def _date_like(amount: Decimal) -> bool:
    """Whether ``amount`` is a date read as a figure (202409.29): no total of a
    claim's documents comes to 200,000 yuan and more with a month and day for digits."""
    return bool(_DATE_AS_AMOUNT.match(f"{amount:.2f}"))


def _invoice_total(pages: DocumentPages, context: Context) -> tuple[Any, float]:
    """The invoice total after its label, else the largest amount on the invoice: fee
    categories and payments are parts of the total, so none is larger."""
    candidates = []
    for label in LABELS["total_amount"]:
        found = find_value(context.lines, (label,))
        if found is None:
            continue
        value = parsers.parse_money(found.text)
        as_money = value is not None and _written_as_money(value, found.text)
        # 合计(大写)…(小写) ¥8,086.30 with 写 read as 2 and 小写 garbled (合计〈大2 罗作…
        # 小?了了) ¥8,086.30): the figures printed as money further on the label's line,
        # before any other label, are the total, not the scrap after the label.
        if not as_money and (further := _money_further_on(context.lines[found.line_index].text, label)):
            value, as_money = further, True
        if value is not None:
            candidates.append((as_money, value, found.confidence))
    # A value printed as money (18,619.80) beats a scrap read after another label (【7).
    money = [c for c in candidates if c[0]] or candidates
    if money:
        return money[0][1], money[0][2]
    return _largest_amount(context.lines)


def _money_further_on(text: str, label: str) -> Decimal | None:
    """The first amount printed as money after ``label`` on a line, before the next label."""
    hits = label_hits(text)
    for hit in hits:
        if hit.label == label:
            end = min((h.start for h in hits if h.start >= hit.end), default=len(text))
            after = text[hit.end:end]
            return next((a for a in parsers.parse_money_all(after, cents=True) if _written_as_money(a, after)), None)
    return None


_SPACE_BY_A_SEPARATOR = re.compile(r"(?<=\d)\s+(?=[.,]\d)|(?<=\d[.,])\s+(?=\d)")


def _written_as_money(amount: Decimal, text: str) -> bool:
    """An amount printed with its two decimals (12,345.67): not an integer such as a
    code, nor the start of a date (2024.04.26 holds 2024.04). A space OCR put beside a
    comma or a point, which parsers.parse_money_all joins over, is no gap (3 ,837.70,
    3837 .70)."""
    text = _SPACE_BY_A_SEPARATOR.sub("", text)
    for shown in (f"{amount:,.2f}", f"{amount:.2f}"):
        if re.search(r"(?<![\d.,])" + re.escape(shown) + r"(?![\d.\-/])", text):
            return True
    return False


def _total(pages: DocumentPages, context: Context) -> tuple[Any, float]:
    if pages.type is DocType.EXPENSE_LIST:
        return _list_total(pages, context)
    return _invoice_total(pages, context)


def _region_of_address(pages: DocumentPages, context: Context) -> tuple[Any, float]:
    """The region of a residence or household document: from its address."""
    found = find_value(context.lines, ("居住地", "户籍地", "所在地区") + LABELS["address"])
    text, sure = (found.text, found.confidence) if found else _address_in_prose(context)
    code = _region(text, context) if text else None
    return (code, sure) if code else (None, 0.0)


def _designated_list(pages: DocumentPages, context: Context) -> tuple[Any, float]:
    """The filing's 1 to 3 designated hospitals: after the label, on its line or listed
    on the lines below it (1. ... 2. ...), up to the next label."""
    found = find_value(context.lines, LABELS["designated_hospitals"])
    if found is None:
        return None, 0.0
    texts = [found.text]
    for line in context.lines[found.line_index + 1:found.line_index + 4]:
        if (label_hits(line.text) or COLON_LABEL.match(line.text)) and not re.match(r"\s*\d", line.text):
            break
        texts.append(line.text)
    names = _designated_hospitals("、".join(texts), context)
    return names, found.confidence


def _long_text(name: str) -> Callable[[DocumentPages, Context], tuple[Any, float]]:
    """A value that may wrap onto the next line (a diagnosis, an address): it goes on
    until a sentence mark, when the line it starts on ends without one."""
    def find(pages: DocumentPages, context: Context) -> tuple[Any, float]:
        found = find_value(context.lines, LABELS[name])
        if found is None:
            return _address_in_prose(context) if name == "address" else (None, 0.0)
        text = found.text
        line = context.lines[found.line_index].text
        following = context.lines[found.line_index + 1] if found.line_index + 1 < len(context.lines) else None
        wrapped = line.rstrip().endswith(text) and not re.search(r"[。；;]$", text)
        if wrapped and following is not None and not label_hits(following.text) and not COLON_LABEL.match(following.text):
            text += re.split(r"[。；;,，]", following.text, maxsplit=1)[0]
        return re.split(r"[。；;]", text, maxsplit=1)[0].strip() or None, found.confidence
    return find


def _ticked(name: str, words, enum) -> Callable[[DocumentPages, Context], tuple[Any, float]]:
    """A choice printed as a row of boxed options after its label, the row running on to
    the next lines (a form's six categories take two lines); the next label ends it."""
    def find(pages: DocumentPages, context: Context) -> tuple[Any, float]:
        found = find_value(context.lines, LABELS[name])
        if found is None:
            return _options_anywhere(context, words, enum)
        line = context.lines[found.line_index]
        hits = [h for h in label_hits(line.text) if h.label in LABELS[name]]
        options = line.text[hits[0].end:] if hits else found.text
        for following in context.lines[found.line_index + 1:]:
            if label_hits(following.text) or not any(word in following.text for word, _ in words):
                break
            options += " " + following.text
        value = _choice(options, words, enum)
        return (value, found.confidence) if value is not None else _options_anywhere(context, words, enum)
    return find


def _options_anywhere(context: Context, words, enum) -> tuple[Any, float]:
    """Without its label (misread), a row of boxed options still names itself: the lines
    where two or more of the options stand."""
    rows = [line for line in context.lines if sum(word in line.text for word, _ in words) >= 2]
    if not rows:
        return None, 0.0
    value = _choice(" ".join(line.text for line in rows), words, enum)
    return (value, min(line.line.confidence for line in rows) * 0.9) if value is not None else (None, 0.0)


_SPECIAL: dict[str, Callable[[DocumentPages, Context], tuple[Any, float]]] = {
    "category": _ticked("category", CATEGORY_WORDS, Category),
    "insurance_type": _ticked("insurance_type", INSURANCE_TYPE_WORDS, InsuranceType),
    "diagnosis": _long_text("diagnosis"),
    "address": _long_text("address"),
    "items": _items,
    "designated_hospitals": _designated_list,
    "total_amount": _total,
    "region": _region_of_address,
    "name": _person_name,
}


def _read_capital_amount(text: str | None, sure: float, fields: dict[str, Any],
                         confidence: dict[str, float]) -> None:
    """Turn the 大写 ``text``, read ``sure``, into an amount, checked against the figures
    (see parsers)."""
    if text is None:
        return
    places = parsers.capital_places(text)
    value = parsers.places_value(places)
    figures = fields.get("total_amount")
    if value is None and figures is not None and parsers.places_agree(places, figures):
        value, sure = figures, sure * 0.7  # partly unreadable, but agrees with the figures
    if value is None and (figures is None or not parsers.places_readable(text)):
        fields["total_amount_words_text"] = text  # unreadable: kept for the reviewer, not compared
        return
    if value is None:
        # Readable digits that contradict the figures: a best reading, surely a mismatch.
        value = sum((p * (d or 0) for p, d in places.items()), Decimal("0")).quantize(Decimal("0.01"))
        sure = sure * 0.5
    fields["total_amount_words"] = value
    fields["total_amount_words_text"] = text
    confidence["total_amount_words"] = round(sure, 3)


# --- the invoice's total, checked against the rest of the invoice ------------------------

# Fee categories needed for their sum to count: one or two found may be all that was read.
MIN_FEE_CATEGORIES = 3
_FEE_CATEGORY = re.compile("|".join(FEE_CATEGORIES))


def _settle_invoice_total(lines: list[NormalLine], fields: dict[str, Any], confidence: dict[str, float]) -> None:
    """The invoice total where two other parts of the invoice agree on it and the total
    read says otherwise (or was not read).

    An invoice states its total three more ways: its fee categories add up to it
    (domain.md §3), its 大写 amount spells it, and what was paid adds up to it (the fund's
    part and the cash; off-site patients pay all of it in cash). Tesseract reads the
    ¥ before a total as 1 (半17328.45 for 7328.45, where the categories and the cash
    both say 7328.45). A total read as one of these is kept; two of them agreeing on
    another amount replace it. One alone is not enough: a category or a payment may be
    misread too, and a 大写 amount that differs from the figures is what
    amount_words_mismatch is for. Except where the total read is one of them without its
    first digit, or without its decimal point: no part of an invoice comes to more than
    its total, nor to a hundredth of it. A 大写 some of whose digits went unread agrees
    with a figure that fits what was read of it (_fits_unread_capital)."""
    total = fields.get("total_amount")
    if total is not None and confidence.get("total_amount", 0.0) >= 1.0:
        return  # given by the invoice's QR code, or by a PDF's own text: not a reading
    paid = (fields.get("fund_paid") or Decimal(0)) + fields["self_paid"] if "self_paid" in fields else None
    others = [(value, sure) for value, sure in (
        _fee_category_sum(lines),
        (fields.get("total_amount_words"), confidence.get("total_amount_words", 0.0)),
        (paid, confidence.get("self_paid", 0.0)),
    ) if value is not None and value > 0]
    if total is not None and any(value == total for value, _ in others):
        return
    ends = {value: sure for value, sure in others if total is not None and (
        parsers.digits_lost_in_front(value, total) or value * 100 == total)}
    if len(ends) == 1:
        # ¥844455 for 8444.55, its point lost on a grey scan, where the cash paid says
        # 8444.55: no part of an invoice is a hundredth of its total.
        # ¥22179.40 read 怨 2179.40, ¥7,755.25 read 5.25: the ¥ (or a seal) took the first
        # digits with it, and the cash paid (or the categories, or the 大写) has them; no
        # part exceeds the total. Two parts ending so, apart, leave it to their agreement.
        value, sure = next(iter(ends.items()))
        log.info("invoice total %s lost its first digits: %s", total, value)
        fields["total_amount"], confidence["total_amount"] = value, round(min(sure, confidence["total_amount"]), 3)
        return
    if (shorter := _total_without_a_digit_in_front(fields, confidence)) is not None:
        value, sure = shorter
        log.info("invoice total %s read with a digit in front: %s", total, value)
        fields["total_amount"], confidence["total_amount"] = value, round(min(sure, confidence["total_amount"]), 3)
        return
    fits_capital = _fits_unread_capital(fields)
    for value, _ in others:
        agreeing = [sure for other, sure in others if other == value]
        if value != fields.get("total_amount_words") and fits_capital(value):
            agreeing.append(confidence.get("total_amount_words", 0.0))
        if len(agreeing) >= 2:
            log.info("invoice total %s replaced by %s: the invoice's other parts agree on it", total, value)
            fields["total_amount"], confidence["total_amount"] = value, round(min(agreeing), 3)
            return


def _total_without_a_digit_in_front(fields: dict[str, Any], confidence: dict[str, float]) -> tuple[Decimal, float] | None:
    """The cash paid, and how surely, where the total read is it with a digit in front
    (the ¥ read as a digit) and the 大写, however partly read, fits the cash paid and not
    the total: 29219.10 read beside 玖什址佰过抬玖元过角, whose highest place is 仟, where
    the cash paid reads 9219.10 and the fund's part 0.06 for 0.00 (s3068-028), so that
    the payments do not add up to it. None otherwise."""
    total, cash, text = fields.get("total_amount"), fields.get("self_paid"), fields.get("total_amount_words_text")
    places = parsers.capital_places(text) if text else None
    if total is None or cash is None or not places or not parsers.digits_lost_in_front(total, cash):
        return None
    if all(digit is None for digit in places.values()):
        return None  # no digit of the 大写 read: too little to go on
    if not parsers.places_agree(places, cash) or parsers.places_agree(places, total):
        return None
    return cash, confidence.get("self_paid", 0.0)


def _fits_unread_capital(fields: dict[str, Any]):
    """Whether an amount fits a 大写 amount some of whose digits went unread, in every
    digit and place read (喜万伍仟陆佰玖拾玖元玖角伍分, its 壹 read 喜, fits 15699.95): that
    大写 agrees with such an amount as much as it can (s3052-026). A 大写 read whole
    agrees only with its own value."""
    text = fields.get("total_amount_words_text")
    places = parsers.capital_places(text) if text else None
    unread = sum(digit is None for digit in (places or {}).values())
    if not places or not unread or len(places) - unread < max(MIN_CAPITAL_DIGITS, unread):
        return lambda value: False
    return lambda value: parsers.places_agree(places, value)


# Digits a 大写 partly unread must hold, and no fewer than it lost, to agree with a figure.
MIN_CAPITAL_DIGITS = 3


def _fee_category_sum(lines: list[NormalLine]) -> tuple[Decimal | None, float]:
    """The sum of the invoice's fee categories (each the first amount with its decimals
    after its name, before the next category on the line), and the least line confidence;
    None when fewer than MIN_FEE_CATEGORIES were read."""
    amounts, sure = [], 1.0
    # Under a 数量 column each category's figure follows its quantity (诊察费 1 350.00):
    # the 1 is no thousands digit, as it may be elsewhere (1 350.00 for 1,350.00).
    quantities = any("数量" in line.text for line in lines)
    for line in lines:
        found = list(_FEE_CATEGORY.finditer(line.text))
        for match, following in zip(found, [*found[1:], None]):
            after = line.text[match.end():following.start() if following else len(line.text)]
            values = [value for word in after.split() for value in parsers.parse_money_all(word, cents=True)] \
                if quantities else parsers.parse_money_all(after, cents=True)
            if values:
                amounts.append(values[0])
                sure = min(sure, line.line.confidence)
    if len(amounts) < MIN_FEE_CATEGORIES:
        return None, 0.0
    return sum(amounts, Decimal(0)), sure


# --- the invoice's QR code --------------------------------------------------------------


def _apply_invoice_qr(pages: DocumentPages, fields: dict[str, Any], confidence: dict[str, float]) -> None:
    """Fields from an electronic invoice's QR code override what OCR read (domain.md §3)."""
    for page in pages.pages:
        for code in page.vision.qr_codes:
            for name, value in parse_invoice_qr(code.data).items():
                fields[name] = value
                confidence[name] = 1.0


_QR_KEYS = {
    "invoice_code": ("billcode", "code", "fpdm", "invoicecode"),
    "invoice_number": ("billno", "number", "fphm", "invoiceno"),
    "total_amount": ("total", "amount", "je", "money"),
    "issue_date": ("date", "kprq", "issuedate"),
}


def parse_invoice_qr(data: str) -> dict[str, Any]:
    """Code, number, amount and date from an e-invoice QR payload: a verification URL
    with named parameters, or comma-separated values in the order code, number, amount,
    date (the fiscal receipts' own order; other values are skipped)."""
    pairs = dict(re.findall(r"([A-Za-z_]+)=([^&\s]+)", data))
    if pairs:
        named = {field: next((pairs[k] for k in keys if k in pairs), None) for field, keys in _QR_KEYS.items()}
        return _typed_qr_fields({k: v for k, v in named.items() if v})
    values = [t.strip() for t in re.split(r"[,|;\s]", data) if t.strip()]
    digit_runs = [v for v in values if re.fullmatch(r"\d{8,12}", v) and not parsers.parse_dates(v)]
    positional: dict[str, str] = {}
    if len(digit_runs) >= 2:
        positional["invoice_code"], positional["invoice_number"] = digit_runs[0], digit_runs[1]
    positional.update({"total_amount": v for v in values[::-1] if re.fullmatch(r"\d+\.\d{2}", v)})
    positional.update({"issue_date": v for v in values[::-1] if parsers.parse_dates(v)})
    return _typed_qr_fields(positional)


def _typed_qr_fields(raw: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in raw.items():
        if name == "total_amount":
            amount = parsers.parse_money(value)
            if amount is not None:
                result[name] = amount
        elif name == "issue_date":
            day = parsers.parse_date(value)
            if day is not None:
                result[name] = day
        elif re.fullmatch(r"\d{6,20}", value):
            result[name] = value
    return result
