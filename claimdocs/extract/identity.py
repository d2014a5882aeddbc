"""ID numbers read in part, completed from the packet's other documents.

A photographed card's 社会保障号码 in small print comes back as 5二105194806196T9 or is
cut short (21012419761003): no 18-character number, so the card gets none, and with it
no name either (extract/names.names_by_id_number links names by number). Yet twelve or
more of its digits in a row, where the packet's other documents read a valid number that
holds them, can only be that number: two people's numbers do not share a run that long
by chance (region, birth date and sequence together).

A document with no ID number read takes one, also from a run that is the number with
one or two digits inserted (210203197.4020296706 for 210203197402029676: a speck read as
a point, a 0 too many), or its eighteen digits with one misread (110105135301247847 for
110105195301247847 on a blurred card photo, s3048-018: a run its extraction set aside
for failing the check character, _one_slip_from), or eighteen characters whose digits
are all the number's in their places, one or two of them read as marks or letters
(44010.19o804091391 on a 200 dpi scan, s3053-022). So does a document whose reading
fails its check character where the packet's number explains the failure as OCR's:

- a reading cut from a longer run: 23701035198707180613, twenty digits where the packet
  reads 370105198707180613, is that number with two digits inserted (a stroke of the
  table's rule read as 2, a 3 read twice; _inserted_into);
- a reading one digit off, or two neighbouring digits off (swapped, …4823 for …4832, or
  both misread, 090202… for 330202…), from the packet's number (_one_slip_from): the
  check character is there to catch just such a slip, and among the development sets'
  readings it was always OCR's. Two digits off apart from each other stay as read.

Any other invalid reading stays as read, for ``id_invalid`` (a number misprinted on
every document, or digits that match no number of the packet). Any document may take a
number: a card the classifier missed (other), a work proof or referral that prints the
number; what a name linked by it may do is names.names_by_id_number's business.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Sequence

from claimdocs.extract.labels import FIELDS
from claimdocs.idnumber import birth_date_of, is_valid_id_number
from claimdocs.model import Document, PageRef, PageText

# Digits in a row that tie a partial reading to a valid number (2/3 of its 18).
MIN_RUN = 12
_DIGIT_RUN = re.compile(rf"\d{{{MIN_RUN},}}")


def id_numbers_from_digits(documents: Sequence[Document], texts: dict[PageRef, PageText]) -> list[Document]:
    """Documents without an ID number given the packet's valid number whose digits their
    pages hold (see the module); ``texts``: each page's text, by reference.

    The document keeps ``read_as`` None (no number was read); the number is as sure as
    its surest reading elsewhere, scaled by the share of its digits read here.
    """
    known: dict[str, float] = {}
    for doc in documents:
        number = doc.fields.get("id_number")
        if isinstance(number, str) and is_valid_id_number(number):
            known[number] = max(known.get(number, 0.0), doc.field_confidence.get("id_number", 0.0))
    completed = []
    for doc in documents:
        read = doc.fields.get("id_number")
        if read is None and known:
            runs = _digit_runs(doc, texts)
            holders = {number for number in known if any(run in number for run in runs)}
            longer = {number for number in known if any(_inserted_into(number, run) for run in runs)}
            slips = {number for number in known if any(_one_slip_from(run, number) for run in runs)}
            if len(holders) == 1:
                number = holders.pop()
                longest = max(len(run) for run in runs if run in number)
                doc = _with_number(doc, number, known[number] * longest / len(number), None)
            elif not holders and len(longer) == 1:
                number = longer.pop()
                run = min((run for run in runs if _inserted_into(number, run)), key=len)
                doc = _with_number(doc, number, known[number] * len(number) / len(run), None)
            elif not holders and not longer and len(slips) == 1:
                number = slips.pop()
                doc = _with_number(doc, number, known[number] * (len(number) - 1) / len(number), None)
            elif not holders and not longer and not slips:
                marked = {number for number in known for run in _marked_runs(doc, texts) if _read_with_marks(run, number)}
                if len(marked) == 1:
                    number = marked.pop()
                    doc = _with_number(doc, number, known[number] * (len(number) - MAX_MARKS) / len(number), None)
        elif isinstance(read, str) and not is_valid_id_number(read) and known:
            runs = [run for run in _digit_runs(doc, texts) if read in run and len(run) > len(read)]
            holders = {number for number in known if any(_inserted_into(number, run) for run in runs)}
            slips = {number for number in known if _one_slip_from(read, number)}
            if len(holders) == 1:
                number = holders.pop()
                doc = _with_number(doc, number, known[number] * len(number) / max(map(len, runs)), read)
            elif not holders and len(slips) == 1:
                number = slips.pop()
                doc = _with_number(doc, number, known[number] * (len(number) - 1) / len(number), read)
        completed.append(doc)
    return completed


def _with_number(doc: Document, number: str, sure: float, read: str | None) -> Document:
    return replace(doc, fields={**doc.fields, "id_number": number},
                   field_confidence={**doc.field_confidence, "id_number": round(sure, 3)},
                   read_as={**doc.read_as, "id_number": read})


# Digits OCR may insert into a number's run (a rule's stroke, a digit read twice).
MAX_INSERTED = 2


def _inserted_into(number: str, run: str) -> bool:
    """Whether ``run`` is ``number`` with one or two digits inserted anywhere."""
    if not 0 < len(run) - len(number) <= MAX_INSERTED:
        return False
    digits = iter(run)
    return all(digit in digits for digit in number)


def _digit_runs(doc: Document, texts: dict[PageRef, PageText]) -> set[str]:
    """Runs of MIN_RUN and more digits on the document's lines (spaces within a line
    dropped: 3402 0319 5601 2013 is one run), and the runs a point or a comma between
    digits splits, also joined over it (a speck read as a point: 210203197.4020296706;
    4401041989111.47100, the number's end misread, still holds 4401041989111)."""
    return {run for plain in _plain_lines(doc, texts)
            for run in _DIGIT_RUN.findall(plain) + _DIGIT_RUN.findall(_SPECK_IN_RUN.sub("", plain))}


def _plain_lines(doc: Document, texts: dict[PageRef, PageText]) -> list[str]:
    """The document's lines in NFKC form, spaces dropped."""
    return [re.sub(r"\s", "", unicodedata.normalize("NFKC", line.text))
            for ref in doc.pages if ref in texts for line in texts[ref].lines]


_SPECK_IN_RUN = re.compile(r"(?<=\d)[.,·](?=\d)")


# Characters of an ID number OCR may read as marks or letters (44010.19o804091391 for
# 440105199804091391: a 5 read as a point, a 9 as o), every digit read being the number's.
MAX_MARKS = 2
_MARKED_RUN = re.compile(r"(?=(\d[\dA-Za-z.,·]{16}[\dXx]))")


def _marked_runs(doc: Document, texts: dict[PageRef, PageText]) -> set[str]:
    """Eighteen characters in a row on the document's lines (spaces dropped), digits but
    for MAX_MARKS marks or letters at the most."""
    return {run for plain in _plain_lines(doc, texts) for run in _MARKED_RUN.findall(plain)
            if sum(not char.isdigit() for char in run[:-1]) <= MAX_MARKS}


def _read_with_marks(run: str, number: str) -> bool:
    """Whether ``run`` is ``number`` with some of its characters read as marks or letters
    (_marked_runs), every digit read in its place (a check character X may read x)."""
    return len(run) == len(number) and any(not char.isdigit() for char in run) and all(
        char == digit or not char.isdigit() for char, digit in zip(run.upper(), number))


def _one_slip_from(read: str, number: str) -> bool:
    """Whether ``read`` is ``number`` with one character misread, or two neighbouring
    ones: swapped (…4823 for …4832), or both misread where one smudge or one speck of
    blur covers them (090202… for 330202… on a mail-room scan, s3071-014)."""
    read = read.upper()
    apart = [index for index, (a, b) in enumerate(zip(read, number)) if a != b]
    if len(read) != len(number) or len(apart) not in (1, 2):
        return False
    return len(apart) == 1 or apart[1] == apart[0] + 1


# How much of its surest reading elsewhere a number taken by a card's name and birth date
# keeps: none of its digits was read on the card.
BY_NAME_AND_BIRTH = 0.7


def id_numbers_by_name(documents: Sequence[Document], texts: dict[PageRef, PageText]) -> list[Document]:
    """Documents whose ID number went unread altogether (NAN where an ID card's number
    stood, s3053-001) given the packet's one valid number, where the document names the
    one person the documents carrying that number name, and its page prints that
    number's birth date (出生 1950年6只3只 for 510104195006034900): a card's name and
    birth date are the number's own, read. The document keeps ``read_as`` None. Two
    valid numbers in the packet, or two names on it, decide nothing."""
    holders: dict[str, set[str]] = {}
    known: dict[str, float] = {}
    for doc in documents:
        number = doc.fields.get("id_number")
        if isinstance(number, str) and is_valid_id_number(number):
            holders.setdefault(number, set()).update([doc.fields["name"]] if doc.fields.get("name") else [])
            known[number] = max(known.get(number, 0.0), doc.field_confidence.get("id_number", 0.0))
    if len(holders) != 1:
        return list(documents)
    number, names = next(iter(holders.items()))
    born = birth_date_of(number)
    if len(names) != 1 or born is None:
        return list(documents)
    name = names.pop()
    printed = re.compile(rf"{born.year}\D{{1,3}}0?{born.month}\D{{1,3}}0?{born.day}(?!\d)")
    return [_with_number(doc, number, known[number] * BY_NAME_AND_BIRTH, None)
            if doc.fields.get("id_number") is None and "id_number" in FIELDS[doc.type]
            and doc.fields.get("name") == name and _prints(doc, texts, printed) else doc
            for doc in documents]


def _prints(doc: Document, texts: dict[PageRef, PageText], pattern: re.Pattern) -> bool:
    """Whether one of the document's pages holds ``pattern`` (spaces dropped)."""
    return any(pattern.search(re.sub(r"\s", "", unicodedata.normalize("NFKC", texts[ref].text)))
               for ref in doc.pages if ref in texts)
