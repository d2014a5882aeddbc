"""Page classification and grouping of pages into documents (domain.md section 3).

A page is scored for every type: a title word in the page's heading zone counts most,
the same words lower down count a little, and body words (labels typical of a type)
add evidence. Matching tolerates OCR misreads (one wrong character in four). Scores
become a probability with a softmax, so ``confidence`` says how clearly one type won.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import Sequence

from claimdocs.classify.vocabulary import BODY_PATTERNS, BODY_WORDS, ID_CARD_BACK_WORDS, ID_CARD_FRONT_WORDS, TITLES
from claimdocs.idnumber import birth_date_of, is_valid_id_number
from claimdocs.model import DocType, PageRef, PageResult, PageText
from claimdocs.text import best_substring_distance, fuzzy_contains, is_list_total_line, strip_punct

TITLE_IN_HEADING = 6.0
# A title lower on the page: a card copied onto an A4 sheet has its title mid-page.
TITLE_IN_BODY = 3.0
FUZZY_PENALTY = 1.5
BODY_WORD = 0.8
BODY_WORDS_CAP = 6.0
# The score "other" gets for free: a page must beat it with real evidence.
OTHER_BASELINE = 2.0

# 第k页共n页 (its 第 may be misread: 箱2页共2页; or, 第 read, what stands between k and n
# and the last 页: 第2页失2页, 第2页失2员, 第1大革2页, 第2页共2贞), or k/n页.
_PAGE_MARK = re.compile(r"(?<!\d)(\d{1,2})页[/,，]?共(\d{1,2})页|(?<!\d)(\d{1,2})/(\d{1,2})页"
                        r"|第(\d{1,2})[^\d\s]{1,2}(\d{1,2})[页员贝贞]")
_PAGE_COUNT = re.compile(r"共(\d{1,2})页")


@dataclass(frozen=True)
class PageClass:
    type: DocType
    confidence: float
    has_title: bool
    page_mark: tuple[int, int] | None  # (k, n) from "第k页 共n页"


# A page on which OCR reads almost nothing surely is blank (the back of a sheet in a
# duplex scan, an empty photo): "other" without doubt. Its few words are noise.
BLANK_SURE_CHARACTERS = 4
SURE_WORD = 0.6
BLANK_CONFIDENCE = 0.9


def classify_page(text: PageText) -> PageClass:
    """Score ``text`` against every document type and return the winner."""
    if is_blank(text):
        return PageClass(DocType.OTHER, BLANK_CONFIDENCE, False, None)
    heading = strip_punct("".join(line.text for line in _heading_lines(text)))
    body = strip_punct(text.text)
    scores: dict[DocType, float] = {}
    titled: set[DocType] = set()
    for doc_type in DocType:
        title_score = _title_score(doc_type, heading, body)
        if title_score >= TITLE_IN_HEADING:
            titled.add(doc_type)
        scores[doc_type] = title_score + _body_score(doc_type, body)
    if _card_front_lines(text):
        scores[DocType.ID_CARD] += ID_CARD_FRONT
    if any(_FEE_GRID.search(line.text) for line in text.lines):
        scores[DocType.INVOICE] += FEE_GRID
    if (rows := sum(bool(_DATED_ROW.match(line.text)) for line in text.lines)) >= DATED_ROWS_NEEDED:
        scores[DocType.EXPENSE_LIST] += min(DATED_ROWS_CAP, DATED_ROW * rows)
    scores[DocType.OTHER] += OTHER_BASELINE
    best = max(scores, key=scores.get)
    return PageClass(best, _softmax_top(scores, best), best in titled, page_mark_of(text))


# An invoice prints its fee categories as a grid, several to a line, each with its amount
# (诊察费 475.00 床位费 950.00 护理费 570.00). On a receipt form scanned in black and white
# its labels and title drop out, while this stays legible enough: two categories ending
# in 费, each followed by its figure, on one line (诊绎费 475.00 让位费 950.00). An expense
# list's row names one item, and the figures after it are its own.
_FEE_GRID = re.compile(r"费\s*\d[\d,]*\.\d{2}\s+\S{1,5}费\s*\d[\d,]*\.\d{2}")
FEE_GRID = 2.5


# An expense list's rows open with the item's day or code (2024-08-13, 110200002, or
# garbled: 2040811, 4012) and then its name. On a blurred photo whose title and header
# went unread the rows still read so, line after line (s3053-013, typed a discharge
# certificate by the 入院日期 出院时间 line that lists print too). A certificate or an
# invoice writes a date after its label, and a stay as one range.
_DATED_ROW = re.compile(r"\s*\d[\d\-./]{2,9}.*[\u4e00-\u9fff]")
DATED_ROWS_NEEDED = 6
DATED_ROW = 0.4  # the score each such row adds, up to DATED_ROWS_CAP
DATED_ROWS_CAP = 5.0


# An ID card's front prints its labels down its left edge in this order: 姓名, 性别 (with
# 民族), 出生, 住址, 公民身份号码. Their first characters, at the start of four of the
# page's lines in order, mark the front when the rest of each label is garbled (姓 名 SN9
# 鲜兰 / 性 中 三 / 出 生 . / 住 达 / 公民 鳃 从 号 站).
_FRONT_LABEL_STARTS = "姓性出住公"
FRONT_LABELS_NEEDED = 4


def _card_front_lines(text: PageText) -> bool:
    starts = "".join(line[:1] for line in (strip_punct(line.text) for line in text.lines) if line)
    return _common_in_order(starts, _FRONT_LABEL_STARTS) >= FRONT_LABELS_NEEDED


def _common_in_order(first: str, second: str) -> int:
    """The length of the longest sequence of characters both strings hold in order."""
    lengths = [0] * (len(second) + 1)  # over ``second``'s prefixes, for ``first`` read so far
    for char in first:
        diagonal = 0
        for index, other in enumerate(second, 1):
            above = lengths[index]
            lengths[index] = diagonal + 1 if char == other else max(above, lengths[index - 1])
            diagonal = above
    return lengths[-1]


def is_blank(text: PageText) -> bool:
    """True when fewer than BLANK_SURE_CHARACTERS characters were read with confidence."""
    sure = sum(len(w.text) for w in text.words if w.confidence >= SURE_WORD and w.text.strip("|-—_.,:;'\"~ "))
    return sure < BLANK_SURE_CHARACTERS


def _heading_lines(text: PageText):
    """Lines in the top quarter of the page, or the first five lines if that is fewer."""
    top = [line for line in text.lines if line.box[1] < 0.25 * text.height]
    return top if len(top) >= 2 else text.lines[:5]


def _title_score(doc_type: DocType, heading: str, body: str) -> float:
    """Best title evidence: in the heading scores high, longer titles a little higher, a
    title read exactly higher than one read with a misread character (入院记录, a medical
    record, is one character from 出院记录, a discharge record)."""
    best = 0.0
    for title in TITLES[doc_type]:
        bonus = 0.1 * len(title)
        for zone, score in ((heading, TITLE_IN_HEADING), (body, TITLE_IN_BODY)):
            if title in zone:
                best = max(best, score + bonus)
            elif fuzzy_contains(title, zone):
                best = max(best, score + bonus - FUZZY_PENALTY)
    return best


# A title read again alone (ocr/titles.py) is known to stand where a title stands: a
# title of REREAD_TITLE_LENGTH characters or more may have more of them misread than
# a title found among a page's words (three in eight: 安徽省医疗主院收费点所 is
# 医疗住院收费票据). A short one may not: two characters of three say little.
REREAD_TITLE_ERRORS = 3 / 8
REREAD_TITLE_LENGTH = 6


def title_type(line: str) -> DocType | None:
    """The type whose title ``line`` (a title read alone) holds, with no more of the
    title's characters misread than the classifier allows (one in four), or for a long
    title REREAD_TITLE_ERRORS; the type whose title it holds with the fewest errors for
    the title's length. None when no type's title is that close, or two types' are as
    close."""
    line = strip_punct(line)
    closest: dict[DocType, float] = {}
    for doc_type, titles in TITLES.items():
        for title in titles:
            errors = best_substring_distance(title, line)[0]
            allowed = int(REREAD_TITLE_ERRORS * len(title)) if len(title) >= REREAD_TITLE_LENGTH else len(title) // 4
            if errors <= allowed:
                closest[doc_type] = min(closest.get(doc_type, 1.0), errors / len(title))
    ranked = sorted(closest.items(), key=lambda item: item[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _body_score(doc_type: DocType, body: str) -> float:
    """Body words found (those of four characters and more tolerating one misread one),
    and value shapes typical of the type."""
    hits = sum(1 for word in BODY_WORDS[doc_type] if fuzzy_contains(word, body))
    shapes = sum(weight for pattern, weight in BODY_PATTERNS.get(doc_type, ()) if re.search(pattern, body))
    if doc_type is DocType.ID_CARD and birth_date_matches_id(body):
        shapes += ID_CARD_FRONT
    elif doc_type is DocType.ID_CARD and birth_year_matches_id(body):
        shapes += ID_CARD_FRONT_YEAR
    if doc_type is DocType.ID_CARD and all(fuzzy_contains(word, body) for word in ID_CARD_BACK_WORDS) \
            and not any(fuzzy_contains(word, body) for word in ID_CARD_FRONT_WORDS):
        shapes += ID_CARD_BACK
    return min(BODY_WORDS_CAP, BODY_WORD * hits + shapes)


# An ID card's front prints the birth date (出生 1976年8月26日) above the ID number that
# repeats it: with both read, the page is the card's front even when its labels are lost.
ID_CARD_FRONT = 2.5
# Only the year of it read (1987年了1月1日 for 1987年11月13日): less.
ID_CARD_FRONT_YEAR = 1.0
# Its back prints 签发机关 and 有效期限, and little else: both read, and no word of the
# front (a residence permit prints all of them, 公民身份号码 too), make the page the back,
# its title (中华人民共和国居民身份证) garbled or not (a blurred photo: 签发机关 and 有效凑限
# and nothing else legible).
ID_CARD_BACK = 1.5
_BIRTH_DATE = re.compile(r"((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日")
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


def birth_date_matches_id(body: str) -> bool:
    """True when a valid ID number on the page carries a birth date written on the page."""
    born = _births_of_ids(body)
    if not born:
        return False
    births = {(int(y), int(m), int(d)) for y, m, d in _BIRTH_DATE.findall(body)}
    return any((day.year, day.month, day.day) in births for day in born)


def birth_year_matches_id(body: str) -> bool:
    """True when a valid ID number on the page carries a year written on the page as a
    birth date's (1987年), the rest of that date garbled."""
    years = {int(year) for year in re.findall(r"((?:19|20)\d\d)年", body)}
    return any(day.year in years for day in _births_of_ids(body))


def _births_of_ids(body: str) -> list[date]:
    """The birth dates that the page's valid ID numbers carry."""
    ids = [n for n in _ID_NUMBER.findall(body) if is_valid_id_number(n.upper())]
    return [born for born in map(birth_date_of, ids) if born]


def _softmax_top(scores: dict[DocType, float], best: DocType) -> float:
    top = scores[best]
    total = sum(math.exp(score - top) for score in scores.values())
    return round(1.0 / total, 4)


def page_mark(body: str, has_total: bool = False) -> tuple[int, int] | None:
    """(k, n) when the page says 第k页 共n页 (or k/n页), else None. A page whose k is
    misread (页L/共4页) but that carries the list's total row is its last page: (n, n)."""
    match = _PAGE_MARK.search(body)
    if not match:
        count = _PAGE_COUNT.search(body) if has_total else None
        pages = int(count.group(1)) if count else 0
        return (pages, pages) if pages >= 1 else None
    numbers = [int(g) for g in match.groups() if g is not None]
    k, n = numbers[0], numbers[1]
    return (k, n) if 1 <= k <= n else None


def page_mark_of(text: PageText) -> tuple[int, int] | None:
    """The page mark (page_mark) that ``text`` carries; a 1 read as a bracket or a bar
    (第]页共2页) is a 1, not punctuation."""
    return page_mark(strip_punct(_ONE_READ_AS_A_BAR.sub("1", text.text)), _has_total_row(text))


# A lone 1 between 第 or 共 and 页, read as a stroke (], |, l, I).
_ONE_READ_AS_A_BAR = re.compile(r"(?<=[第共])\s*[\]\[|lI!丨]\s*(?=页)")


def with_page_mark(page_class: PageClass, text: PageText) -> PageClass:
    """``page_class`` with the page mark of ``text``, a later reading of the page, when
    the reading it was classified from had none: an expense list read again sharpened
    reads the 第1页/共3页 that blur hid in the first reading of a photo, and the pages of a
    list photographed apart join by their marks (assemble_pieces)."""
    if page_class.page_mark is not None:
        return page_class
    return replace(page_class, page_mark=page_mark_of(text))


# --- grouping -------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentPages:
    """Consecutive pages that form one document."""

    type: DocType
    pages: tuple[PageResult, ...]

    @property
    def refs(self) -> tuple[PageRef, ...]:
        return tuple(page.ref for page in self.pages)

    @property
    def confidence(self) -> float:
        return min(page.confidence for page in self.pages)


def group_documents(pages: Sequence[PageResult]) -> list[DocumentPages]:
    """Group pages (in packet order) into documents.

    A page joins the document before it when it is marked as continuing it (a page
    without a title after an expense list, or "第2页 共3页"), or when it has the same
    type and the document before it is an unfinished expense list; not a page whose
    mark went unread after page k of n when page k + 1 of n is another page of the
    packet (s3053-009: page 3, its 第3页 read 利], filed after page 1, page 2 apart).
    """
    groups: list[list[PageResult]] = []
    marked = {(page.type, page.page_mark) for page in pages if page.page_mark is not None}
    for page in pages:
        if groups and _continues(groups[-1], page) and (
                page.continues_previous or not _next_page_is_elsewhere(groups[-1][-1], page, marked)):
            groups[-1].append(page)
        else:
            groups.append([page])
    return [DocumentPages(group[0].type, tuple(group)) for group in assemble_pieces(groups)]


def assemble_pieces(groups: list[list[PageResult]]) -> list[list[PageResult]]:
    """Join the pieces of a document that arrived apart.

    People photograph a three-page expense list one page per photo, and the files of a
    packet come sorted by name (which phones set by time, or at random): the pages of
    one document end up apart, even in the wrong order. A piece joins another of the
    same type when its first page says 第k页 共n页 and the other ends with page k-1 of
    n, or, with page k-1 nowhere in the packet, with the nearest earlier page of n (else
    with a titled list page whose mark went unread, or, of another type, the one piece
    of that type whose marks went unread). An
    expense list's page whose mark went unread joins a list whose last page says
    there are more to come; without a title (a continuation), also a titled list that
    has not reached its total row. An ID card's back, photographed alone, joins the
    nearest front photographed alone.
    """
    pieces = [list(group) for group in groups]
    joined = True
    while joined:
        joined = False
        for piece in pieces:
            head = _piece_before(piece, pieces)
            if head is not None:
                head.extend(piece)
                pieces.remove(piece)
                joined = True
                break
    return pieces


def _piece_before(piece: list[PageResult], pieces: list[list[PageResult]]) -> list[PageResult] | None:
    first = piece[0]
    if first.type is DocType.OTHER or first.continues_previous:
        return None
    others = [p for p in pieces if p is not piece and p[0].type is first.type]
    if first.type is DocType.ID_CARD:
        return _front_for(piece, others, pieces)
    mark = first.page_mark
    if mark is not None and mark[0] > 1:
        before = (mark[0] - 1, mark[1])
        if any(page.page_mark == before for p in others for page in p):
            return next((p for p in others if _end_mark(p) == before), None)
        # The page before is not in the packet, or its mark went unread: the nearest
        # earlier page of the same document, not a document of its own. A piece's pages
        # after its last mark read (page 2 of 4 whose mark went unread, joined to page 1)
        # count as that mark's.
        earlier = [p for p in others if (last := _last_mark(p)) is not None and last[1] == mark[1]
                   and last[0] < mark[0]]
        if earlier:
            return max(earlier, key=lambda p: _last_mark(p)[0], default=None)
        # No earlier page marked: a titled list page whose mark went unread, and that
        # has not reached its total row, is where the document starts (page 1 of 3 of a
        # blurred photo, in a file sorted after pages 2 and 3). Of another type, so is
        # the one piece of that type whose marks all went unread (a 出院小结's page 1,
        # its title and 第1页 blurred, in a file sorted before the invoice and page 2).
        unmarked = [p for p in others if _last_mark(p) is None]
        if first.type is not DocType.EXPENSE_LIST:
            return unmarked[0] if len(unmarked) == 1 else None
        return next((p for p in unmarked if p[0].has_title and not _has_total_row(p[-1].text)), None)
    if mark is None and first.type is DocType.EXPENSE_LIST:
        # Its own number read, its count not (第3页/共了页): after the piece that ends
        # with page 2, and, while page 2 is marked in another piece, nowhere else yet.
        number = _page_number(first)
        if number is not None and number > 1:
            ending = next((p for p in others if (end := _end_mark(p)) is not None and end[0] == number - 1), None)
            if ending is not None or any(page.page_mark is not None and page.page_mark[0] == number - 1
                                         for p in others for page in p):
                return ending
        if first.has_title:  # a list page whose page mark went unread: to a list that awaits pages
            return next(iter(_awaiting_it(others)), None)
        return next((p for p in others if p[0].has_title and not _has_total_row(p[-1].text)
                     and not _is_last_page(p[-1].page_mark)), None)
    if mark is None and first.has_title:
        # Of another type, a page whose mark went unread (得2页全?本) after the one piece
        # of its type that awaits pages, whose next page is marked nowhere: a two-page
        # 出院小结 photographed page by page (s3057-009), each page titled.
        awaiting = _awaiting_it(others)
        return awaiting[0] if len(awaiting) == 1 else None
    return None


def _awaiting_it(others: list[list[PageResult]]) -> list[list[PageResult]]:
    """The pieces that an unmarked page may continue: those whose last page says there
    are more to come, the next of which no piece of the packet says it is (page 4 of 4,
    its mark unread, had taken page 2's place after page 1, s3063-027)."""
    marked = {page.page_mark for piece in others for page in piece if page.page_mark is not None}
    return [piece for piece in others
            if _awaits_pages(end := piece[-1].page_mark) and (end[0] + 1, end[1]) not in marked]


# The front also names its holder: 姓名, a word of many types' bodies, marks the front of
# a page already typed an ID card.
_ID_FRONT_WORDS = ("姓名", *ID_CARD_FRONT_WORDS)


def _front_for(piece: list[PageResult], others: list[list[PageResult]],
               pieces: list[list[PageResult]]) -> list[PageResult] | None:
    """For an ID card's back alone, the nearest piece (in packet order) that is a front
    alone: people photograph the two sides as two files, which need not lie together."""
    if _id_sides(piece) != {"back"}:
        return None
    place = {id(p): index for index, p in enumerate(pieces)}
    fronts = [p for p in others if _id_sides(p) == {"front"}]
    return min(fronts, key=lambda p: abs(place[id(p)] - place[id(piece)]), default=None)


def _id_sides(piece: list[PageResult]) -> set[str]:
    """Which sides of an ID card the pages of ``piece`` show ("front", "back")."""
    body = strip_punct("".join(page.text.text for page in piece))
    sides = set()
    if any(fuzzy_contains(word, body) for word in _ID_FRONT_WORDS) or _ID_NUMBER.search(body):
        sides.add("front")
    if any(fuzzy_contains(word, body) for word in ID_CARD_BACK_WORDS):
        sides.add("back")
    return sides


def _last_mark(piece: list[PageResult]) -> tuple[int, int] | None:
    """The page mark of the piece's last page that had one read."""
    return next((page.page_mark for page in reversed(piece) if page.page_mark is not None), None)


def _end_mark(piece: list[PageResult]) -> tuple[int, int] | None:
    """The page mark the piece ends with: its last page's, not counting the untitled
    pages without a mark taken for its continuation (a photo of nothing legible after
    page 1 of 3, s3040-000); a titled page without one ends it unmarked."""
    ending = [page for page in piece if page.page_mark is not None or not page.continues_previous]
    return ending[-1].page_mark if ending else None


def _awaits_pages(mark: tuple[int, int] | None) -> bool:
    """A page marked k of n, k < n: its document has pages to come."""
    return mark is not None and mark[0] < mark[1]


def _continues(group: list[PageResult], page: PageResult) -> bool:
    """Whether ``page`` continues the document ``group`` that lies just before it.

    Page marks read on both pages must follow each other: photos of one list's pages come
    sorted by file name, so page 3 may lie right after page 1, and page 1 of another list
    after the last page of one.
    """
    previous = group[-1]
    if page.type != group[0].type or page.type is DocType.OTHER:
        return False
    if page.continues_previous:
        return True
    if _numbered_apart(previous, page):
        return False
    if page.page_mark is not None:
        return page.page_mark[0] > 1 and _marks_follow(previous.page_mark, page.page_mark)
    return page.type is DocType.EXPENSE_LIST and not _has_total_row(previous.text) \
        and not _is_last_page(previous.page_mark)


# 第k页 with its 共n页 unread (第3页/共了页): the page's own number still tells where it goes.
_PAGE_NUMBER = re.compile(r"第(\d{1,2})[页员贝贞]")


def _numbered_apart(previous: PageResult, page: PageResult) -> bool:
    """Whether the pages' numbers, one of them read without its count (第3页/共了页, a photo
    of a list's last page), say ``page`` is not the page after ``previous``: page 3 of a
    list whose page 2 is another photo, filed after it, does not follow page 1, nor
    page 2 page 3 (s3047-027). Two full marks are for _marks_follow."""
    before, after = _page_number(previous), _page_number(page)
    if before is None and after is None:
        return False
    before = before if before is not None else previous.page_mark[0] if previous.page_mark else None
    after = after if after is not None else page.page_mark[0] if page.page_mark else None
    return before is not None and after is not None and after != before + 1


def _page_number(page: PageResult) -> int | None:
    """The k of a page whose mark went unread but for its 第k页; None otherwise."""
    if page.page_mark is not None:
        return None
    found = _PAGE_NUMBER.search(strip_punct(page.text.text))
    return int(found.group(1)) if found else None


def _marks_follow(before: tuple[int, int] | None, after: tuple[int, int]) -> bool:
    """Whether a page marked ``after`` may come right after one marked ``before``
    (None: no mark read on that page, which says nothing against it)."""
    return before is None or before == (after[0] - 1, after[1])


def _is_last_page(mark: tuple[int, int] | None) -> bool:
    """A page marked n of n: its document ends there."""
    return mark is not None and mark[0] == mark[1]


# How sure a page must be of its own type to be no continuation of an unmarked page of
# another type before it.
SURE_OF_ITS_OWN = 0.95


def _sure_of_another_type(previous: PageResult, page: PageResult) -> bool:
    """Whether ``page`` reads surely as a type of its own, not ``previous``'s: the last page
    of a 出院小结 whose title OCR garbled (出院八结), after a one-page letter whose files
    sort before it. Nothing on the letter (no page mark) says a page follows it."""
    return page.type not in (DocType.OTHER, previous.type) and page.confidence >= SURE_OF_ITS_OWN


def _has_total_row(text: PageText) -> bool:
    """Whether a list's page holds its total row (a page's subtotal is not one)."""
    return any(is_list_total_line(unicodedata.normalize("NFKC", line.text)) for line in text.lines)


def mark_continuations(pages: Sequence[PageResult]) -> list[PageResult]:
    """Re-type untitled pages that continue the document before them.

    An expense list's second page has no title: a page without a title whose table
    looks like an expense list, or that carries 第k页 (k > 1), after a page of a
    multi-page type, continues that document.
    """
    result: list[PageResult] = []
    marked = {(page.type, page.page_mark) for page in pages if page.page_mark is not None}
    for page in pages:
        previous = result[-1] if result else None
        if previous is not None and _looks_like_continuation(previous, page) \
                and not _next_page_is_elsewhere(previous, page, marked) \
                and not _page_before_is_elsewhere(previous, page, marked):
            page = replace(page, type=previous.type, continues_previous=True,
                           confidence=max(page.confidence, min(previous.confidence, 0.9)))
        result.append(page)
    return result


def _next_page_is_elsewhere(previous: PageResult, page: PageResult,
                            marked: set[tuple[DocType, tuple[int, int]]]) -> bool:
    """Whether an unmarked page comes after page k of n of a document whose page k + 1,
    marked as such, is another page of the packet (a blurred card photo filed between
    a list's two photos, read as garbage: the list's page 2 is the one that says so)."""
    if page.page_mark is not None or previous.page_mark is None:
        return False
    k, n = previous.page_mark
    return k < n and (previous.type, (k + 1, n)) in marked


def _page_before_is_elsewhere(previous: PageResult, page: PageResult,
                              marked: set[tuple[DocType, tuple[int, int]]]) -> bool:
    """Whether a page marked k of n, read as a type of its own other than the unmarked
    page before it, has its page k - 1 of n, of its own type, elsewhere in the packet:
    the last page of a 出院小结 (第2页共2页, its title on page 1), filed after a filing
    record whose photo sorts between them (s3075-019). It is that document's page, which
    assemble_pieces joins to it, not the record's."""
    if page.page_mark is None or previous.page_mark is not None or page.type in (DocType.OTHER, previous.type):
        return False
    k, n = page.page_mark
    return k > 1 and (page.type, (k - 1, n)) in marked


def _looks_like_continuation(previous: PageResult, page: PageResult) -> bool:
    if page.has_title or previous.type is DocType.OTHER:
        return False
    if _numbered_apart(previous, page):
        return False
    if page.page_mark is not None:
        if previous.page_mark is None and _sure_of_another_type(previous, page):
            return False
        return page.page_mark[0] > 1 and _marks_follow(previous.page_mark, page.page_mark)
    # A page with nothing on it at all (a blank sheet or an empty photo) is no list's page:
    # garbled rows still read as something.
    return previous.type is DocType.EXPENSE_LIST and page.type in (DocType.EXPENSE_LIST, DocType.OTHER) \
        and bool(page.text.lines) and not _has_total_row(previous.text) and not _is_last_page(previous.page_mark)
