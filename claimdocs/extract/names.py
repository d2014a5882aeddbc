"""People's names: whether a reading looks like a Chinese name, and names mended across
the packet's documents.

A Chinese name starts with a surname, and some 410 surnames name over 99 % of people
(``data/surnames.txt``). OCR's misreadings of a name, or the wrong cell taken for one,
mostly do not: 出后, 一一, 统一社, 店超洋 (for 唐超洋). A reading without a known surname is
kept (minority and foreign names exist) but trusted less, so it is neither compared
across documents nor taken for a name where no label says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Sequence

from claimdocs.extract.fields import characters_read, normal_line
from claimdocs.extract.labels import FIELDS
from claimdocs.idnumber import is_valid_id_number
from claimdocs.model import DocType, Document, PageRef, PageText, TextSource
from claimdocs.settings import PACKAGE_DIR

SURNAMES_FILE = PACKAGE_DIR / "data" / "surnames.txt"
# How much a name's confidence keeps when it does not start with a known surname.
UNKNOWN_SURNAME_WEIGHT = 0.5


@lru_cache(maxsize=1)
def _surnames() -> tuple[dict[str, int], frozenset[str]]:
    """(single-character surnames, each with its place in the file, most common first;
    compound surnames) from the data file."""
    single: dict[str, int] = {}
    compound = set()
    for line in SURNAMES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words = line.split()
        if len(words) == 1:
            for char in words[0]:  # a run of single-character surnames
                single.setdefault(char, len(single))
        else:
            compound.update(words)
    return single, frozenset(compound)


# How many of the most common surnames are common: the hundred most common name about
# 85 % of people in mainland China (public census rankings); surnames.txt lists them first.
COMMON_SURNAMES = 100


def _common_surname(char: str) -> bool:
    """Whether ``char`` is one of the COMMON_SURNAMES most common surnames."""
    return _surnames()[0].get(char, COMMON_SURNAMES) < COMMON_SURNAMES


def _surname_length(name: str) -> int:
    """How many characters of ``name`` are a known surname (2 for a compound one), or 0."""
    single, compound = _surnames()
    if name[:2] in compound:
        return 2
    return 1 if name[:1] in single else 0


def has_surname(name: str | None) -> bool:
    """True when ``name`` starts with a known surname and has a given name after it."""
    if not name:
        return False
    length = _surname_length(name)
    return 0 < length < len(name)


def without_stray_start(name: str) -> str:
    """A name with one stray character read before it (a box, a seal's edge): 克刘形算 is
    刘形算 when 克 is no surname and 刘 is. Otherwise the name unchanged."""
    if len(name) >= 3 and not has_surname(name) and has_surname(name[1:]):
        return name[1:]
    return name


# Characters that Tesseract's chi_sim reads for a common given-name character, and that
# are themselves (practically) never in a given name: 宋建磊 comes back 宋建舌 on a clean
# render at any size, in sans and serif alike. Measured by rendering 178 common
# given-name characters in three names each, in Noto Sans and Serif CJK at 22 and 32 px,
# and reading them with chi_sim (12 readings a character): each misreading kept here
# was the same character at least twice (舌 for 磊 11 times of 12, 酒 for 涵 10, 输 for
# 晗, 售 for 黛 and 形 for 彤 7, 薄 for 萍 5, 奸 for 嫣, 钩 for 钧, 搬 for 辰 and 惑 for
# 懿 4, 逮 for 嫦, 傅 for 倩 and 愉 for 怡 3, 涉 for 淑, 唱 for 晶 and 琶 for 琴 2). On grey
# scans and photos of the generated sets, 试 for 斌 (0.43-0.84 on four documents of
# s3047-008, on s2027-019's certificate, on two documents of a development packet):
# 试 (to try) is no name character.
# Misreadings that are name characters themselves (珍 or 瑜 for 玲, 起 for 霞 and 武, 志
# for 馨, 吴 for 昊) are not here: 李起 and 王志 are names. 薄 and 傅 are surnames and
# are only mended after the surname.
GIVEN_NAME_MISREADINGS = {
    "舌": "磊", "酒": "涵", "输": "晗", "售": "黛", "形": "彤", "薄": "萍", "奸": "嫣", "钩": "钧", "搬": "辰",
    "惑": "懿", "逮": "嫦", "傅": "倩", "愉": "怡", "涉": "淑", "唱": "晶", "琶": "琴", "试": "斌",
}
_GIVEN_NAME_MENDS = str.maketrans(GIVEN_NAME_MISREADINGS)


def given_name_mended(name: str) -> str:
    """A name whose given name holds a character chi_sim reads for a common given-name
    character (GIVEN_NAME_MISREADINGS), with that character put back: 宋建舌 is 宋建磊.
    Only a name that starts with a known surname; the surname itself is never changed."""
    if not has_surname(name):
        return name
    start = _surname_length(name)
    return name[:start] + name[start:].translate(_GIVEN_NAME_MENDS)


# 蒋 read as two characters, its 艹 split off as 和: chi_sim read names of 蒋 rendered in
# Noto Sans CJK (regular and bold, 22 and 32 px, sharp and blurred) so 7 times in 24
# (和蒋 5, 和薪 and 和萝 once each), and the generated sets' grey scans and photos gave
# 和薪 three times (s3058-016, twice on s3055-027) and 和蒋 once (s3053). 和 is a rare
# surname and 薪, 萝 no given-name start beside it: the pair at a name's start is 蒋.
SPLIT_SURNAMES = {"和蒋": "蒋", "和薪": "蒋", "和萝": "蒋"}


def surname_rejoined(name: str, confidences: tuple[float, ...] | None) -> tuple[str, tuple[float, ...] | None]:
    """A name whose surname chi_sim read as two characters (SPLIT_SURNAMES: 和薪珍新) with
    it put back (蒋珍新), and its characters' confidences with it: the surname is as sure
    as the less sure of its two halves. Otherwise both unchanged."""
    joined = SPLIT_SURNAMES.get(name[:2])
    if joined is None or len(name) < 3:
        return name, confidences
    if confidences is not None and len(confidences) == len(name):
        confidences = (min(confidences[:2]),) + confidences[2:]
    return joined + name[2:], confidences


def name_confidence(name: str | None, confidence: float) -> float:
    """The confidence a name reading deserves: less without a known surname."""
    return confidence if has_surname(name) else confidence * UNKNOWN_SURNAME_WEIGHT


# A character read below this is taken for a misreading when another document reads the
# same name surely (Tesseract gives its misread characters of a name 0.00 to 0.2; the
# characters it reads right, 0.7 and more).
WEAK_CHARACTER = 0.5


def mend_names(documents: Sequence[Document], declared: str | None = None) -> list[Document]:
    """Names with characters misread, mended from the declaration or another document.

    ``declared``: the name the insured person typed on the claim (report.md
    "Declaration"), which no OCR misread. A document whose reading differs from it only
    in characters read unsurely (one of them maybe read for two run together: 林共 with
    共 at 0.00 for 林燕英), or in a character Tesseract reads surely for one of the
    declared name's (its visual twin, or a misreading of DECLARED_MISREADINGS: 叶娜起 on
    every document of a packet whose claim says 叶娜霞), or in characters read below
    UNSURE_CHARACTER, one of them at most not weak (彭秀纪 with 纪 at 0.63, claim 彭秀红),
    or only in lacking one of its three characters or more (_character_lost), names
    the declared person and keeps what it read in ``read_as``. A document whose reading
    contradicts it surely is left as read, for name_mismatch. A reading with a character
    glued to the name (和孙文涛, 孙娟兰男, or 和薪静敏 once its unsure 薪 is mended) names the
    declared person, or with no declaration the person other documents clearly read
    (_glued_character_dropped); so does, with no declaration, a reading one character
    read below UNSURE_CHARACTER from the name the packet's documents clearly read surely
    (于网 with 网 at 0.65, 于刚 read surely on six documents), and a reading that is such
    a name without one of its characters (_whole_name: 文立 for 冯文立, 王福 for 王志福).

    A character is misread when OCR was unsure of it (below WEAK_CHARACTER), or when it
    stands first and is no surname (店超洋). If another document of the packet names, surely,
    someone whose name differs from this one only in such characters, changed or dropped,
    that reading is taken (刘珍试 with 试 at 0.00, 刘珍斌 read surely elsewhere), when it
    is clearly the most often read so (see _likeliest); with no sure reading of any name
    it could be, the one that several documents read alike (_agreed_readings). So is a
    character read surely for its visual twin (VISUAL_TWINS: 吴风 on one document, 吴凤
    on six), the twin the packet reads in that place more often winning, and the one
    that has a stroke more where it reads it as often (_strokes_restored); sure readings
    that tie are decided by every reading (_likeliest); the document keeps what was read
    in ``read_as``, which the report shows. Other characters
    read surely are never changed, so two real people (张伟 and 张玮, both printed
    clearly) stay two people and name_mismatch still sees them.
    """
    weak_of = {doc.id: _weak_positions(doc) for doc in documents}
    sure = _sure_readings(documents)
    read = _names_read(documents)
    surest = _likeliest(list(sure), sure, read)  # the name read surely most clearly, on one document or more
    agreed = _agreed_readings(documents)
    mended = []
    for doc in documents:
        name, weak = doc.fields.get("name"), weak_of[doc.id]
        if name and declared and name != declared and (_mendable(name, weak, declared, _DECLARED_TWINS, merged=True)
                                                       or _one_unsure_character_apart(doc, declared)
                                                       or _character_lost(name, declared)):
            doc = replace(doc, fields={**doc.fields, "name": declared}, read_as={**doc.read_as, "name": name})
        elif name and name != declared and (weak or any(_DECLARED_TWINS.get(char) for char in name)):
            # A reading of the declared name, however unsure, is the declared person's
            # name: no reading elsewhere outweighs the name they typed (袁国 with 袁 at
            # 0.00 on an ID card, 南国 read on two certificates).
            # The reading itself competes when another document reads it surely.
            # A reading none of whose characters was read surely (二帮 at 0.13 and 0.00 on a
            # blurred card, 冯兰春 read surely elsewhere, s3075-003) may also have read one
            # character for two: it says nothing against the name read surely.
            garbled = _read_weakly(doc)
            twin = _likeliest([other for other in sure if _mendable(name, weak, other, _DECLARED_TWINS, merged=garbled)],
                              sure, read)
            if twin is None and not any(_mendable(name, weak, other) for other in sure):
                candidates = [other for other in agreed if _mendable(name, weak, other)]
                twin = _likeliest(candidates, agreed) or _most_surely_read(candidates, documents)
            if twin is not None and twin != name:
                doc = replace(doc, fields={**doc.fields, "name": twin}, read_as={**doc.read_as, "name": name})
        if name and doc.fields.get("name") != declared:
            # also once its unsure characters are mended: 和薪静敏 made 和蒋静敏
            doc = _glued_character_dropped(doc, declared, sure)
        if name and doc.fields.get("name") == name and not declared and surest and name != surest \
                and _one_unsure_character_apart(doc, surest):
            doc = replace(doc, fields={**doc.fields, "name": surest}, read_as={**doc.read_as, "name": name})
        if name and doc.fields.get("name") == name and not declared and (whole := _whole_name(name, sure)):
            doc = replace(doc, fields={**doc.fields, "name": whole}, read_as={**doc.read_as, "name": name})
        mended.append(doc)
    return mended


def _glued_character_dropped(doc: Document, declared: str | None, sure: Counter) -> Document:
    """The document named without a character glued to its name (_without_glued_character)
    when that gives the declared name, or with no declaration the name clearly most read
    surely elsewhere (_likeliest); else as it was."""
    name = doc.fields["name"]
    candidates = _without_glued_character(name)
    if declared:
        # also once the rest's unsure characters are mended: 和蒋瑟敏, its 瑟 at 0.00, is 蒋磊敏
        weak = _weak_positions(doc)
        unglued = declared if declared in candidates or any(
            _mendable(other, _shifted(weak, name, other), declared) for other in candidates) else None
    else:
        unglued = _likeliest([other for other in candidates if other in sure], sure)
    if unglued is None:
        return doc
    read = doc.read_as.get("name", name)  # what OCR read, before any other mend
    return replace(doc, fields={**doc.fields, "name": unglued}, read_as={**doc.read_as, "name": read})


def _shifted(weak: set[int], name: str, unglued: str) -> set[int]:
    """The weak positions of ``name`` as they fall in ``unglued``, its first or last
    character dropped."""
    if unglued == name[1:]:
        return {index - 1 for index in weak if index > 0}
    return {index for index in weak if index < len(unglued)}


def _character_lost(name: str, whole: str) -> bool:
    """Whether ``name`` is ``whole``, a name of three characters or more, without one of
    its characters: a surname misread as a stray mark and dropped with it (出强桂 read
    for 田强桂 gives 强桂, parsers.parse_name), or a given-name character the scan lost
    (王福 on a 1-bit scan's list of 王志福, s3066-015), which only the claim, or the whole
    name read surely on the packet's other documents (_whole_name), can give back."""
    return len(whole) >= 3 and len(name) == len(whole) - 1 and any(
        whole[:index] + whole[index + 1:] == name for index in range(len(whole)))


def _whole_name(name: str, sure: Counter) -> str | None:
    """Without a claim, the name that ``name`` is with a character lost (_character_lost):
    the one such name read surely, on at least AGREED_READINGS documents and on at least
    as many as ``name`` itself (文立 read surely on two forms whose 冯 came back 得 at 0.00,
    冯文立 on three cards and receipts, s3058-007); None when there is no such name, or
    two (冯文立 and 马文立)."""
    whole = _likeliest([other for other in sure if _character_lost(name, other)], sure)
    return whole if whole and sure[whole] >= max(AGREED_READINGS, sure[name]) else None


def _sure_readings(documents: Sequence[Document]) -> Counter:
    """How many documents read each name surely, a visual twin counted as the packet
    reads it (_strokes_restored) and a name with a character lost as the whole name
    (_whole_names_counted)."""
    return _whole_names_counted(_strokes_restored(_surely_read(documents), documents))


def packet_name(documents: Sequence[Document]) -> str | None:
    """The name the packet's documents read surely, on clearly the most of them
    (_likeliest) and on AGREED_READINGS at least: the insured person's, for a packet
    handed in without a claim (names_found_whole). None when no name is read so."""
    sure = _sure_readings(documents)
    name = _likeliest(list(sure), sure, _names_read(documents))
    return name if name is not None and sure[name] >= AGREED_READINGS else None


def _whole_names_counted(sure: Counter) -> Counter:
    """The sure readings with each one that is a name read surely with a character lost
    (_whole_name) counted for that whole name, whose reading it is: 云振 read surely on a
    certificate beside 吕云振 on a list and a card would otherwise compete with 吕云振 to
    mend a filing record's 昌云振, its 昌 and 云 weak, and leave it unmended (s3070-000)."""
    counted = Counter(sure)
    for name in sure:
        if (whole := _whole_name(name, sure)) is not None:
            counted[whole] += counted.pop(name)
    return counted


def _without_glued_character(name: str) -> list[str]:
    """What a four-character reading with a one-character surname may be with a
    character glued to it dropped: a stray mark before it (和孙文涛, the box's corner read
    as 和) or the sex cell after it, its 性别 label lost (孙娟兰男); a three-character one
    without the sex cell after it (张燕女, s3057-007; not without its first character: 冯文立
    is no 文立 with a stray mark). Such a name is taken only where the claim or other
    documents read it (mend_names); 欧阳胜男, its surname compound, keeps its 男."""
    if len(name) not in (3, 4) or _surname_length(name) != 1:
        return []
    readings = [name[1:]] if len(name) == 4 and has_surname(name[1:]) else []
    return readings + ([name[:-1]] if name[-1] in "男女" else [])


def printed_name(documents: Sequence[Document], texts: dict[PageRef, PageText]) -> str | None:
    """The name the packet's digital documents print, where they print one: a PDF's own
    text, which no OCR misread, stands for the patient's name as a claim's typed name
    does (mend_names' ``declared``). The hospital's digital 出院小结, invoice and list of
    s3066-021 print 程军霞, where its photographed cards and forms read 程军起 surely, 起
    being chi_sim's reading of 霞. An invoice's name is its payer's (PAYERS_NUMBER), who
    may be a relative: it counts for nothing here. None when no other document is read
    wholly from its text layer, or such documents print two names (someone else's papers
    among them)."""
    names = {doc.fields["name"] for doc in documents if doc.type not in PAYERS_NUMBER
             and doc.fields.get("name") and has_surname(doc.fields["name"])
             and doc.pages and all(ref in texts and texts[ref].source is TextSource.TEXT_LAYER for ref in doc.pages)}
    return names.pop() if len(names) == 1 else None


def names_found_whole(documents: Sequence[Document], texts: dict[PageRef, PageText],
                      declared: str | None) -> list[Document]:
    """Documents that name their holder but whose name went unread, named by the
    declaration where their text carries its name whole.

    A label garbled beyond recognition leaves a name unread though OCR read the name
    itself: 记名 沈英霞才训 on a 200 dpi grey scan of an invoice whose 交款人 went. The name
    the insured person typed, found character for character on a document of theirs,
    is that document's name, as sure as OCR was of its least sure character; ``read_as``
    says no name was read there (None). Without a claim, ``declared`` is the name the
    packet's documents read surely (packet_name): 人炸匈: 郭超平 on a 1-bit scan's invoice
    is the 郭超平 of its ID and insurance cards and certificate (s3070-019). ``texts``:
    each page's text, by reference."""
    if not declared or len(declared) < 2:
        return list(documents)
    found = []
    for doc in documents:
        if "name" in FIELDS[doc.type] and not doc.fields.get("name"):
            lines = [normal_line(line) for ref in doc.pages if ref in texts for line in texts[ref].lines]
            read = characters_read(lines, declared)
            if read is not None:
                doc = replace(doc, fields={**doc.fields, "name": declared},
                              field_confidence={**doc.field_confidence, "name": round(min(read), 3)},
                              char_confidence={**doc.char_confidence, "name": read},
                              read_as={**doc.read_as, "name": None})
        found.append(doc)
    return found


# Documents whose ID number may be another person's than the one they name: an
# invoice's 交款人 number is its payer's.
PAYERS_NUMBER = (DocType.INVOICE,)


def names_by_id_number(documents: Sequence[Document]) -> list[Document]:
    """Names left unread, or read unsurely, taken from the documents that carry the same
    ID number.

    An ID number that passes its check character names one person (so does one that
    fails it but that two documents or more read alike: printed so): a social security
    card photographed small whose 社会保障号码 reads 210124199812224568 cleanly but whose
    name reads 钙芯窗辫明 at 0.00 is the card of whoever the other documents with that
    number name. A name is settled on a document when it was read surely, or mended by
    mend_names from sure readings, or read unsurely as the name the packet's documents
    clearly read surely (an ID card's 彭华 at 0.00, with 彭华 read surely on the work proof
    and no other name read surely elsewhere). A document whose name is not settled takes
    the name that the documents with its number give, when it is clearly the best backed
    (see _likeliest): backed by those documents and by every document of the packet that
    reads it surely (an ID card that read 周志娃 surely does not outvote 周志桂 on the social
    security card, the application, the invoice and the list). The name is as sure as the
    less sure of the number here and the surest reading of the name in the packet, and
    the document keeps what OCR read in ``read_as`` (None when no name was read). A
    settled name is never replaced, nor one whose surely read characters contradict the
    name (_contradicted): two names on one number stay visible to name_mismatch.

    Only documents whose holder the number is name by it: every type but the invoice
    (cards, forms, records, and certificates that print their patient's number, a
    referral's found by id_numbers_from_digits: s3064-017, whose ID card and social
    security card went unnamed beside a referral naming 蒋兰霞 on their number). An
    invoice may print one (an electronic receipt's, its payer's, who may be a relative)
    and take a name by it, but gives none: an invoice's 和藉凤, read surely with a stray
    和, had renamed the ID card, the social security card and a referral by the number
    the invoice printed.
    """
    # A number that fails its check character but that two documents or more read alike
    # is printed so (a misprint, for id_invalid): it names one person all the same.
    read = Counter(doc.fields.get("id_number") for doc in documents if isinstance(doc.fields.get("id_number"), str))

    def number(doc: Document) -> str | None:
        value = doc.fields.get("id_number")
        if not isinstance(value, str):
            return None
        return value if is_valid_id_number(value) or (len(value) == 18 and read[value] >= 2) else None

    sure = _surely_read(documents)
    surest = _likeliest(list(sure), sure)

    def settled(doc: Document) -> bool:
        name = doc.fields.get("name")
        return bool(name) and has_surname(name) and (
            "name" in doc.read_as or not _weak_positions(doc) or name == surest)

    givers = [doc for doc in documents if doc.type not in PAYERS_NUMBER and settled(doc)]
    surely = {doc.id for doc in documents if _read_surely(doc)}
    linked = []
    for doc in documents:
        key = number(doc)
        if key is not None and not settled(doc):
            sources = [other for other in givers if other.id != doc.id and number(other) == key]
            backing = Counter({name: len(_backers(name, sources, documents, surely))
                               for name in {other.fields["name"] for other in sources}})
            name = _likeliest(list(backing), backing)
            if name is not None and not _contradicted(doc, name):
                likely = min(doc.field_confidence.get("id_number", 0.0),
                             max(other.field_confidence.get("name", 0.0) for other in documents
                                 if other.fields.get("name") == name))
                read_as = doc.read_as if name == doc.fields.get("name") else \
                    {**doc.read_as, "name": doc.fields.get("name")}  # confirmed, not changed
                doc = replace(doc, fields={**doc.fields, "name": name},
                              field_confidence={**doc.field_confidence, "name": round(likely, 3)}, read_as=read_as)
        linked.append(doc)
    return linked


# A twin wins over the others when it is read surely on more than this many times as many
# documents as the next: a blurred 斌 read as 试 surely on two documents outvoted the one
# right reading 2 to 1, and mending spread the misreading to the packet's other
# documents; 曹华军 read surely on four documents against 华军 on one is clear.
CLEAR_MAJORITY = 2
# With no sure reading of a name, how many documents must read it alike to mend others.
AGREED_READINGS = 2


def _backers(name: str, sources: Sequence[Document], documents: Sequence[Document],
             surely: set[str]) -> set[str]:
    """The documents that back ``name`` for a number: the ``sources`` (documents with that
    number) that give it, and every document of the packet that reads it surely."""
    return ({other.id for other in sources if other.fields["name"] == name}
            | {other.id for other in documents if other.id in surely and other.fields.get("name") == name})


def _read_surely(doc: Document) -> bool:
    """Whether the document read a name surely: every character sure, a known surname (a
    name without one has its first character weak, see _weak_positions)."""
    return bool(doc.fields.get("name")) and not _weak_positions(doc)


def _surely_read(documents: Sequence[Document]) -> Counter:
    """How many documents read each name surely (_read_surely)."""
    return Counter(doc.fields["name"] for doc in documents if _read_surely(doc))


def _agreed_readings(documents: Sequence[Document]) -> Counter:
    """Names with a known surname that several documents read alike, however unsurely:
    with no sure reading to go by, a name read the same on three documents (萧亮兰, its 萧
    at 0.00 to 0.37 on each of them) is the one that three other readings of a 200 dpi
    scan garbled in their weak characters, each differently (委亮兰, 芋亮兰, 莱亮兰)."""
    return Counter({name: count for name, count in _names_read(documents).items() if count >= AGREED_READINGS})


def _most_surely_read(candidates: list[str], documents: Sequence[Document]) -> str | None:
    """Of names that several documents read alike, none clearly more often than the
    others, the one whose characters the packet's readings hold most surely in all: each
    reading of its length adds how sure OCR was of each character it shares with it, in
    its place. 吕艳磊 and 昌艳夭 each read on two blurred photos, every name of the packet
    read unsurely (s3070-022): 吕 and 磊 read more surely, and on more documents, than 昌
    and 夭. None without candidates, or when two hold their characters equally surely."""
    def held(candidate: str) -> float:
        return sum(sure for doc in documents if len(read := doc.fields.get("name") or "") == len(candidate)
                   for char, wanted, sure in zip(read, candidate, doc.char_confidence.get("name", ()))
                   if char == wanted)
    ranked = sorted(((held(candidate), candidate) for candidate in candidates), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def _likeliest(twins: list[str], sure: Counter, read: Counter | None = None) -> str | None:
    """The twin read surely on clearly the most documents (see CLEAR_MAJORITY); where
    sure readings tie, the one of them ``read`` on clearly the most documents, surely or
    not (王丽燕 read surely on one document and 王丽菩 on another, 王丽燕 on four in all,
    s3053-010); None when neither is that clear (nothing is guessed)."""
    ranked = sorted(twins, key=lambda twin: sure[twin], reverse=True)
    if not ranked:
        return None
    if len(ranked) == 1 or sure[ranked[0]] > CLEAR_MAJORITY * sure[ranked[1]]:
        return ranked[0]
    tied = [twin for twin in ranked if sure[twin] == sure[ranked[0]]]
    if read is not None and len(tied) > 1:
        tied.sort(key=lambda twin: read[twin], reverse=True)
        if read[tied[0]] > CLEAR_MAJORITY * max(read[twin] for twin in ranked if twin != tied[0]):
            return tied[0]
    return None


def _names_read(documents: Sequence[Document]) -> Counter:
    """How many documents read each name with a known surname, surely or not."""
    return Counter(doc.fields["name"] for doc in documents if has_surname(doc.fields.get("name")))


# A character read more surely than this says what the name is not: 桂 at 0.93 on a card
# printed 冯敏桂; Tesseract's misreadings of names reached 0.86-0.91 on the development
# sets (霞 as 起, 兰 as 一 on blurred cards, both in readings with no known surname).
CONTRADICTING_CHARACTER = 0.9


def _contradicted(doc: Document, name: str) -> bool:
    """Whether the document's name, read as a name someone could have (a known surname),
    says it is not ``name`` by what was read very surely (CONTRADICTING_CHARACTER): such
    a character where ``name`` has another (not its visual twin), or, for a reading of
    another length, such a character that ``name`` lacks. A social
    security card printed 冯敏桂 (桂 read at 0.93, 敏 at 0.09) on the number of the ID
    card's 冯文珍 is another name on that number, for name_mismatch, not a misreading."""
    read = doc.fields.get("name") or ""
    if not has_surname(read):
        return False  # 真起春, 吨一: no name anyone has, a misreading whatever its confidence
    confidences = doc.char_confidence.get("name", ())
    sure = [(index, char) for index, char in enumerate(read)
            if index < len(confidences) and confidences[index] > CONTRADICTING_CHARACTER]
    if len(read) == len(name):
        return any(char != name[index] and name[index] not in _TWINS.get(char, ()) for index, char in sure)
    return any(char not in name for _, char in sure)


# A character read below this, where it is all that keeps a reading from the declared
# name, is a look-alike misread: chi_sim read 纪 for 红 at 0.63 and 南 for 袁 at 0.50 and
# 0.63 on blurred photos (development s3044-013, s3040-024), while another person's name
# printed on a document read 0.86 (起 on a packet of 叶娜霞, checked against a claim of
# 叶娜红) and 0.92 (卢刚 where the claim says 卢海, s3040-006).
UNSURE_CHARACTER = 0.75


def _one_unsure_character_apart(doc: Document, declared: str) -> bool:
    """Whether the document's name is the declared name but for characters read below
    UNSURE_CHARACTER, no more than one of them at WEAK_CHARACTER or above (黎丙 with 黎
    at 0.30 and 丙 at 0.61, claim 魏丽)."""
    read = doc.fields.get("name") or ""
    confidences = doc.char_confidence.get("name", ())
    if len(read) != len(declared) or len(confidences) != len(read):
        return False
    apart = [confidences[index] for index, (a, b) in enumerate(zip(read, declared)) if a != b]
    return bool(apart) and max(apart) < UNSURE_CHARACTER and sum(sure >= WEAK_CHARACTER for sure in apart) <= 1


def _read_weakly(doc: Document) -> bool:
    """Whether OCR read every character of the document's name below WEAK_CHARACTER."""
    read = doc.char_confidence.get("name", ())
    return bool(read) and len(read) == len(doc.fields.get("name") or "") and max(read) < WEAK_CHARACTER


def _weak_positions(doc: Document) -> set[int]:
    name = doc.fields.get("name")
    if not name:
        return set()
    read = doc.char_confidence.get("name", ())
    weak = {index for index, sure in enumerate(read) if sure < WEAK_CHARACTER}
    return weak | ({0} if not has_surname(name) else set())


# Characters one small stroke apart that Tesseract reads surely for one another (凤 as
# 风 at 0.89 in a 150 dpi scan, where six other documents read 凤; 兰 as 三 or 二 when
# blur takes its two small top strokes, three times on the development set 9102; 吕 as 昌
# on a 1-bit scan at 0.60, where three documents read 吕). Only a clear majority of other
# documents turns one into the other (mend_names).
VISUAL_TWINS = ("凤风", "玉王", "己已", "未末", "土士", "日曰", "戊戌", "兰三", "兰二", "吕昌")
_TWINS = {char: set(pair) - {char} for pair in VISUAL_TWINS for char in pair}

# Twins of which one is the other with a small stroke more (keyed by the one without it):
# blur, a low resolution and 1-bit thresholding take such a stroke away, nothing adds one.
STROKE_LOST = {"风": "凤", "三": "兰", "二": "兰", "戊": "戌"}


def _strokes_restored(sure: Counter, documents: Sequence[Document]) -> Counter:
    """The sure readings with a character that is one of visual twins counted for the
    other twin where the packet's readings of names of that length hold the other in
    that place more often (_twin_of_the_packet): its stroke lost on the documents that
    lack it, or blurred into its twin. 郭风峰 read surely on two documents, 郭凤峰 on one,
    凤 read in that place on four documents against 风 on three (s3052-008); 昌淑斌 read
    surely on a household register, 吕 read in its place, unsurely, on six documents of
    eight (s3068-016)."""
    readings = [doc.fields["name"] for doc in documents if has_surname(doc.fields.get("name"))]
    restored: Counter = Counter()
    for name, count in sure.items():
        restored[_twin_of_the_packet(name, readings)] += count
    return restored


def _twin_of_the_packet(name: str, readings: list[str]) -> str:
    """``name`` with each character that has a visual twin (VISUAL_TWINS) replaced by
    the twin that ``readings`` of its length hold in its place more often; a twin with a
    stroke more (STROKE_LOST: blur, a low resolution and 1-bit thresholding take such a
    stroke away, nothing adds one) also where they hold it as often, and never for its
    twin without it. A given name's characters are counted on readings of the same
    surname only.

    Two twins of which one is a common surname and the other a rare one (吕 and 昌) are
    no even choice in a surname's place: a common surname read there once is the
    surname, and is never replaced by the rare one (吕军 read on two documents, 昌军 on
    six, s3075-021). And a given-name character chi_sim misreads as another
    (DECLARED_MISREADINGS: 起 for 霞) is that character wherever the readings hold it in
    its place once: OCR makes 起 of a printed 霞, never 霞 of a printed 起 (沈梅霞 read once,
    at 0.22, 沈梅起 on six documents, s3075-019)."""
    start = _surname_length(name)
    chars = list(name)
    for index, char in enumerate(name):
        alike = [other for other in readings if len(other) == len(name)
                 and (index < start or other[:start] == name[:start])]
        held = sum(other[index] == char for other in alike)
        if index == 0 and start == 1:
            common = [twin for twin in sorted(_TWINS.get(char, ())) if _common_surname(twin)
                      and not _common_surname(char) and any(other[0] == twin for other in alike)]
            if common:
                chars[0] = common[0]
                continue
            if _common_surname(char) and not any(_common_surname(twin) for twin in _TWINS.get(char, ())):
                continue  # a common surname is never its rare twin; two common twins go by the readings
        if index >= start:
            source = next((printed for printed in DECLARED_MISREADINGS.get(char, "")
                           if any(other[index] == printed for other in alike)), None)
            if source is not None:
                chars[index] = source
                continue
        for twin in sorted(_TWINS.get(char, ())):
            if STROKE_LOST.get(twin) == char:
                continue  # the character read has a stroke its twin lacks: it is printed
            with_twin = sum(other[index] == twin for other in alike)
            if with_twin > held or (with_twin and with_twin == held and STROKE_LOST.get(char) == twin):
                chars[index] = twin
                break
    return "".join(chars)


# Characters chi_sim reads surely (0.6-0.9) for a given-name character, which are name
# characters themselves and so are never mended on a reading alone (see
# GIVEN_NAME_MISREADINGS): only towards a declared name that has the character they are
# read for. Rendered names read by chi_sim+eng (Noto Sans and Serif CJK, 22 and 32 px,
# sharp and blurred, 24 readings a character): 起 for 霞 5 times (at 0.61) where 霞 was
# read right 10 times, 吴 for 昊 7 times (0.67), 起 for 武 3, 珍 and 瑜 for 玲, 志 for 馨;
# on the development sets and the held-out set 2026, 霞 came back 起 on every document of
# three packets; 巍 for 峰 surely (0.75 and 0.82) on a scanned filing record and a photo
# of an invoice (s3076-029, s3069-022). Keyed by the character read, the values are what
# it may stand for.
DECLARED_MISREADINGS = {"起": "霞武", "吴": "昊", "珍": "玲", "瑜": "玲", "志": "馨", "巍": "峰"}
_DECLARED_TWINS = {char: _TWINS.get(char, set()) | set(DECLARED_MISREADINGS.get(char, ""))
                   for char in {*_TWINS, *DECLARED_MISREADINGS}}


def _mendable(name: str, weak: set[int], other: str, twins: dict[str, set[str]] = _TWINS,
              merged: bool = False) -> bool:
    """Whether ``name`` turns into ``other`` by changing or dropping only its ``weak``
    characters (徐杰有明 with 有 unsure is 徐杰明; 叶前军 with 前 unsure is 叶静军), or any
    character for its twin in ``twins`` (吴风 is 吴凤); with ``merged``, also a weak
    character read for two of ``other``'s run together (林共 for 林燕英). Otherwise nothing
    is ever added: a character OCR did not see at all is no evidence either way."""
    reach = {(0, 0)}
    for i, char in enumerate(name):
        step = set()
        for _, j in (pair for pair in reach if pair[0] == i):
            if i in weak:
                step.add((i + 1, j))  # a weak character dropped
            if j < len(other) and (char == other[j] or i in weak or other[j] in twins.get(char, ())):
                step.add((i + 1, j + 1))  # kept, or a weak character read for another
            if merged and i in weak and j + 2 <= len(other):
                step.add((i + 1, j + 2))  # a weak character read for two
        reach |= step
    return (len(name), len(other)) in reach
