"""An expense list whose total a seal garbled takes the total of the invoice its rows add
up to (extract/lists.py); rows garbled beside a figure read well are still rows.

The word boxes are Tesseract's, from two generated lists scanned grey at 200 dpi, where
the hospital's seal crosses the last rows and the 合计/总计 row.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal as D

from claimdocs.extract import table
from claimdocs.extract.lists import list_totals_from_invoices
from claimdocs.layout import lines_from_words
from claimdocs.model import DocType, Document, PageRef, PageText, TextSource, Word
from claimdocs.report import _document

# A list's last page: header, three rows read well, 空调费 whose quantity and price the
# seal garbled (了 HB Ron) beside its amount 70.00, and the total row read as 合计金额 人写蚊) 60.
PAGE_ONE = [
    (221, 496, 250, 526, "项"), (262, 497, 278, 526, "目"), (296, 495, 344, 526, "编码"), (441, 495, 565, 526, "项"),
    (487, 491, 516, 541, "目"), (515, 491, 544, 541, "名"), (543, 491, 569, 541, "称"), (1025, 495, 1086, 526, "规格"),
    (1284, 495, 1344, 526, "单位"), (1443, 496, 1502, 526, "数量"), (1656, 496, 1716, 526, "单价"),
    (1902, 496, 1962, 527, "金额"), (2010, 496, 2132, 527, "医保"), (2082, 492, 2111, 541, "类"),
    (2110, 492, 2135, 541, "别"), (2191, 496, 2215, 527, "自"), (2230, 496, 2249, 527, "付"), (2262, 496, 2311, 527, "比例"),
    (230, 1511, 333, 1537, "XJ1009"), (441, 1509, 659, 1541, "注射"), (518, 1505, 544, 1555, "用"),
    (543, 1509, 609, 1541, "胸腺"), (608, 1505, 641, 1555, "法"), (640, 1505, 662, 1555, "新"),
    (1026, 1513, 1113, 1544, "1.6mg"), (1487, 1511, 1502, 1537, "4"), (1622, 1512, 1716, 1537, "620.00"),
    (1850, 1512, 1962, 1537, "3100.00"), (2056, 1512, 2084, 1541, "丙"), (2212, 1512, 2290, 1537, "100%"),
    (207, 1589, 359, 1615, "120900001"), (441, 1587, 502, 1619, "吸"), (483, 1583, 506, 1633, "氧"),
    (1283, 1588, 1344, 1619, "小"), (1325, 1584, 1348, 1634, "时"), (1488, 1590, 1501, 1615, "1"),
    (1656, 1590, 1716, 1615, "3.00"), (1903, 1590, 1962, 1615, "3.00"), (2057, 1590, 2083, 1619, "甲"),
    (2226, 1590, 2272, 1615, "0%"),
    (229, 1667, 334, 1693, "ZC1001"), (441, 1665, 470, 1695, "血"), (487, 1665, 519, 1696, "塞"),
    (518, 1661, 550, 1711, "通"), (536, 1666, 628, 1696, "注射"), (612, 1661, 631, 1711, "液"),
    (1024, 1666, 1187, 1700, "2ml:100mg"), (1487, 1667, 1502, 1693, "二"), (1656, 1668, 1715, 1693, "9.80"),
    (1885, 1668, 1963, 1693, "49.00"), (2057, 1668, 2085, 1696, "乙"), (2221, 1668, 2282, 1693, "10%"),
    (228, 1745, 335, 1776, "QToo01l"), (441, 1743, 533, 1774, "空调"), (515, 1739, 537, 1789, "费"),
    (1487, 1746, 1502, 1771, "了"), (1567, 1734, 1618, 1790, "HB"), (1641, 1725, 1867, 1795, "Ron"),
    (1886, 1746, 1963, 1771, "70.00"), (2056, 1746, 2084, 1775, "丙"), (2212, 1746, 2290, 1771, "100%"),
    (216, 1817, 296, 1868, "合计"), (295, 1817, 344, 1868, "金额"), (1506, 1803, 1598, 1873, "人"),
    (1807, 1820, 1858, 1858, "写"), (1876, 1803, 1906, 1873, "蚊"), (1905, 1824, 1919, 1849, ")"),
    (1929, 1824, 1963, 1849, "60"),
]
# Another list's last page: 0.9%氯化钠注射液 1 × 3.85 with its amount read "is", 5%葡萄糖注射液
# 2 × 4.20 with its amount read "AAA jw 会 AN", and 总计 7,328.人5 (7,328.45) under the seal.
PAGE_TWO = [
    (172, 353, 231, 383, "序号"), (261, 349, 270, 397, "”"), (281, 353, 403, 383, "项目"), (354, 349, 381, 397, "名"),
    (381, 349, 405, 397, "称"), (949, 354, 1007, 384, "类"), (987, 350, 1011, 398, "别"), (1111, 354, 1170, 383, "单位"),
    (1283, 354, 1342, 383, "数量"), (1510, 354, 1569, 384, "单价"), (1772, 354, 1832, 384, "金额"),
    (1866, 350, 1876, 399, "”"), (1889, 354, 2007, 385, "自"), (1930, 350, 1961, 399, "付"),
    (1960, 354, 2007, 385, "比例"), (2130, 355, 2159, 384, "项"), (2171, 356, 2187, 384, "目"),
    (2205, 354, 2251, 385, "编码"),
    (187, 435, 216, 458, "35"), (281, 431, 527, 461, "0.%"), (352, 427, 385, 475, "毛"), (385, 427, 418, 475, "化"),
    (418, 427, 451, 475, "钠"), (451, 427, 511, 475, "注射"), (511, 427, 529, 475, "液"), (966, 433, 990, 461, "四"),
    (1126, 432, 1154, 461, "袋"), (1329, 436, 1342, 459, "1"), (1510, 436, 1569, 459, "3.85"),
    (1708, 436, 1953, 482, "is"), (2145, 435, 2236, 459, "XJ0001"),
    (187, 513, 216, 536, "36"), (277, 505, 311, 553, "5%"), (319, 509, 340, 539, "葡"), (352, 509, 371, 540, "萄"),
    (388, 509, 421, 539, "糖"), (421, 509, 496, 540, "注射"), (481, 505, 499, 553, "液"), (965, 511, 990, 539, "下"),
    (1126, 510, 1154, 539, "袋"), (1328, 514, 1342, 537, "2"), (1509, 514, 1569, 537, "4.20"),
    (1622, 486, 1729, 582, "AAA"), (1753, 491, 1847, 547, "jw"), (1855, 497, 1891, 554, "会"),
    (1924, 486, 1993, 564, "AN"), (2145, 513, 2236, 538, "XJ0002"),
    (172, 587, 232, 617, "总"), (210, 583, 236, 632, "计"), (1597, 568, 1635, 638, "f"), (1654, 599, 1688, 619, "Le"),
    (1710, 582, 1797, 620, "7,328."), (1802, 592, 1814, 638, "人"), (1819, 592, 1832, 615, "5"),
    (1897, 568, 2017, 660, "去"),
]


def page_text(words: list[tuple[int, int, int, int, str]]) -> PageText:
    built = lines_from_words([Word(text, (x0, y0, x1, y1), 0.9) for x0, y0, x1, y1, text in words])
    return PageText(TextSource.OCR, tuple(built), 2480, 3508, 0.9)


def test_a_row_whose_quantity_and_price_are_garbled_beside_its_amount_is_a_row():
    """GIVEN 空调费 with 了 HB Ron 70.00 read as one cell (the seal bridged the gaps)
    WHEN the page's rows are read THEN it is a row of 70.00, unchecked, and all four rows
    are read: 注射用胸腺法新, whose quantity 5 was read 4 beside 620.00 3100.00, is in
    doubt (4 × 620.00, or 3100.00 misread?) with 3100.00 its likeliest reading."""
    entries = table.page_entries(page_text(PAGE_ONE))
    assert [type(e).__name__ for e in entries] == ["Unresolved", "Row", "Row", "Row"]
    assert entries[0].readings[0].amount == D("3100.00") and D("2480.00") in {i.amount for i in entries[0].readings}
    assert [row.item.amount for row in entries[1:]] == [D("3.00"), D("49.00"), D("70.00")]
    assert entries[-1].item.name == "空调费" and not entries[-1].checked


def test_a_row_with_its_amount_garbled_may_be_its_quantity_times_its_price():
    """GIVEN 5%葡萄糖注射液 2 × 4.20 with its amount read as AAA jw 会 AN WHEN read THEN
    it could be 8.40 (2 × 4.20) or one unit of 4.20: which, only a total can tell."""
    entries = table.page_entries(page_text(PAGE_TWO))
    assert [[item.amount for item in entry.readings] for entry in entries] == [[D("3.85")], [D("8.40"), D("4.20")]]


def _packet(*invoice_totals: str) -> tuple[list[Document], dict[PageRef, PageText]]:
    pages = (PageRef("list.pdf", 1), PageRef("list.pdf", 2))
    texts = {pages[0]: page_text(PAGE_ONE), pages[1]: page_text(PAGE_TWO)}
    listed = Document("d1", DocType.EXPENSE_LIST, pages, 0.99, {"items": []}, {})
    invoices = [Document(f"d{i}", DocType.INVOICE, (PageRef(f"invoice{i}.jpg", 1),), 0.99,
                         {"total_amount": D(total)}, {"total_amount": 0.9})
                for i, total in enumerate(invoice_totals, 2)]
    return [listed, *invoices], texts


def test_a_list_with_its_total_unread_takes_the_total_of_the_invoice_its_rows_add_up_to():
    """GIVEN a two-page list whose total the seal garbled: four rows read (3222.00) and
    two whose amounts are unread (3.85; 8.40 or 4.20), and invoices of 3234.25 and of
    980.00 WHEN totals are settled across the packet THEN the list's rows are the six
    that add up to 3234.25, its total 3234.25, marked as not read on the list."""
    documents, texts = _packet("980.00", "3234.25")
    settled = list_totals_from_invoices(documents, texts)[0]
    assert settled.fields["total_amount"] == D("3234.25")
    assert [item.amount for item in settled.fields["items"]][-2:] == [D("3.85"), D("8.40")]
    assert len(settled.fields["items"]) == 6
    assert settled.read_as == {"total_amount": None} and settled.field_confidence["total_amount"] == 0.9


def test_a_list_whose_rows_add_up_to_no_invoice_or_that_read_its_total_is_left_as_it_is():
    """GIVEN the same list with only an invoice its rows cannot make (3300.00), or with
    two invoices both of whose totals they could make WHEN settled THEN nothing changes;
    nor does a list whose own total was read."""
    for totals in (("3300.00",), ("3230.05", "3234.25")):  # 3230.05 = 3222.00 + 3.85 + 4.20
        documents, texts = _packet(*totals)
        assert list_totals_from_invoices(documents, texts)[0] is documents[0]
    documents, texts = _packet("3234.25")
    read = Document("d1", DocType.EXPENSE_LIST, documents[0].pages, 0.99, {"total_amount": D("3200.00")}, {})
    assert list_totals_from_invoices([read, *documents[1:]], texts)[0] is read


def test_a_list_total_misread_by_one_digit_takes_the_invoice_total_its_rows_add_up_to():
    """GIVEN the list with its total read as 3284.25 (one digit off), which its rows
    cannot make, and an invoice of 3234.25, which they can WHEN settled THEN the total is
    3234.25 and read_as keeps 3284.25; a total read that the rows make (3230.05, one
    digit from an invoice of 3230.25) stands."""
    documents, texts = _packet("3234.25")
    misread = Document("d1", DocType.EXPENSE_LIST, documents[0].pages, 0.99, {"total_amount": D("3284.25")},
                       {"total_amount": 0.8})
    settled = list_totals_from_invoices([misread, *documents[1:]], texts)[0]
    assert settled.fields["total_amount"] == D("3234.25") and len(settled.fields["items"]) == 6
    assert settled.read_as == {"total_amount": D("3284.25")} and settled.field_confidence["total_amount"] == 0.8
    assert json.loads(json.dumps(_document(settled)))["read_as"] == {"total_amount": "3284.25"}  # as money is
    documents, texts = _packet("3230.25")
    made = Document("d1", DocType.EXPENSE_LIST, documents[0].pages, 0.99, {"total_amount": D("3230.05")}, {})
    assert list_totals_from_invoices([made, *documents[1:]], texts)[0] is made
    # the ¥ read as a digit before the total (317272.15 for 17272.15, s3046-010)
    documents, texts = _packet("3234.25")
    yuan = Document("d1", DocType.EXPENSE_LIST, documents[0].pages, 0.99, {"total_amount": D("33234.25")}, {})
    assert list_totals_from_invoices([yuan, *documents[1:]], texts)[0].fields["total_amount"] == D("3234.25")


# A list's last page (grey scan, 200 dpi): two rows read well, then 5%葡萄糖注射液 whose
# price and amount the seal garbled (4 光 m 以), known by its code XJ0002, then 合计 14485
# (its .60 under the ring: no total is read from it).
PAGE_THREE = [
    (170, 496, 230, 527, "序号"), (280, 496, 404, 527, "项"), (325, 492, 353, 541, "目"), (352, 496, 384, 527, "名"),
    (383, 492, 408, 541, "称"), (948, 496, 1008, 527, "类"), (984, 492, 1010, 542, "别"), (1109, 496, 1169, 526, "单位"),
    (1281, 496, 1341, 526, "数量"), (1508, 496, 1568, 526, "单价"), (1770, 495, 1831, 526, "金额"),
    (1886, 495, 2006, 527, "自"), (1925, 491, 1957, 541, "付"), (1957, 495, 2006, 527, "比例"),
    (2129, 496, 2158, 526, "项"), (2171, 497, 2187, 526, "目"), (2206, 491, 2257, 541, "编码"),
    (186, 655, 216, 679, "36"), (280, 652, 341, 683, "吸"), (325, 648, 344, 697, "氧"), (965, 653, 990, 682, "外"),
    (1108, 651, 1169, 683, "小"), (1148, 647, 1171, 698, "时"), (1327, 655, 1341, 679, "2"),
    (1507, 655, 1568, 679, "3.00"), (1770, 655, 1830, 679, "6.00"), (1938, 655, 1952, 678, "0"),
    (2122, 655, 2260, 679, "120900001"),
    (186, 733, 215, 757, "37"), (280, 730, 372, 761, "胸部"), (348, 725, 384, 773, "CT"), (375, 730, 434, 761, "平"),
    (417, 725, 438, 773, "扫"), (965, 731, 990, 760, "四"), (1124, 730, 1152, 760, "次"), (1327, 733, 1341, 757, "3"),
    (1476, 733, 1568, 757, "240.00"), (1739, 733, 1830, 757, "720.00"), (1938, 733, 1952, 757, "0"),
    (2121, 733, 2261, 757, "210300001"),
    (185, 1513, 216, 1537, "47"), (281, 1513, 310, 1537, "5%"), (320, 1510, 340, 1541, "萄"), (352, 1510, 390, 1542, "萄"),
    (407, 1510, 424, 1540, "糖"), (438, 1510, 498, 1541, "注射"), (483, 1506, 502, 1556, "液"), (965, 1512, 991, 1540, "四"),
    (1328, 1513, 1341, 1537, "|"), (1507, 1501, 1846, 1561, "4"), (1739, 1497, 1773, 1585, "光"),
    (1772, 1497, 1817, 1585, "m"), (1816, 1497, 1850, 1585, "以"), (2144, 1511, 2235, 1537, "XJ0002"),
    (147, 1587, 258, 1620, "合计"), (211, 1583, 241, 1635, "金"), (240, 1583, 260, 1635, "狠"), (1592, 1569, 1641, 1622, "司"),
    (1676, 1591, 1752, 1615, "14485"), (1770, 1569, 1897, 1638, "只"),
]


def test_a_row_whose_figures_all_went_unread_is_the_gap_to_the_total_when_all_else_checks():
    """GIVEN a list whose last row (a name and its code XJ0002) has no figure left to read,
    its other rows checking (6.00 and 720.00) WHEN settled by a total of 730.20 THEN that
    row is 1 × 4.20; by a total that leaves more than its largest row (2000.00: rows
    missed altogether, not one row), or with a row that does not check, nothing is settled."""
    entries = table.page_entries(page_text(PAGE_THREE))
    assert isinstance(entries[-1], table.Unread) and entries[-1].code == "XJ0002"
    items = table.reconcile_with_total(entries, D("730.20"))
    assert items is not None and [item.amount for item in items] == [D("6.00"), D("720.00"), D("4.20")]
    assert (items[-1].quantity, items[-1].unit_price) == (D(1), D("4.20"))
    assert table.reconcile_with_total(entries, D("2000.00")) is None
    unchecked = [entries[0], table.Row(entries[1].item, checked=False), entries[2]]
    assert table.reconcile_with_total(unchecked, D("730.20")) is None


# Rows of a four-page list scanned 1-bit at 200 dpi (s3048-025), brought together on one
# page: 静脉输液(第一组) 120400001 on three days, the first with its price misread 22.00
# (its quantity read 工); 常规心电图检查 3 × 22.00 with its amount read 56.00 (66.00);
# 0.9%氯化钠注射液 1 × 3.85, and 2 × 3.85 with its amount read 了.710 (7.70).
PAGE_FOUR = [
    (119, 333, 159, 354, '序号'), (194, 332, 277, 354, '项'), (223, 330, 243, 364, '目'), (243, 332, 277, 354, '名称'), (686, 333, 726, 355, '类'), (711, 330, 729, 365, '别'), (803, 333, 844, 354, '单位'), (931, 333, 973, 355, '数量'), (1098, 334, 1139, 354, '单价'), (1289, 334, 1329, 355, '金额'), (1409, 335, 1430, 355, '项'), (1438, 334, 1462, 355, '目'), (1461, 331, 1493, 365, '编码'),
    (134, 406, 145, 422, '4'), (195, 402, 247, 424, '静脉'), (258, 400, 284, 434, '输液'), (281, 403, 360, 425, '(第'), (318, 400, 340, 434, '一'), (340, 400, 353, 434, '组'), (353, 400, 362, 434, ')'), (697, 404, 715, 424, '甲'), (963, 406, 972, 422, '工'), (1087, 406, 1138, 423, '22.00'), (1278, 406, 1329, 423, '12.00'), (1405, 406, 1498, 423, '120400001'),
    (129, 457, 149, 474, '10'), (194, 455, 360, 477, '静脉'), (246, 452, 283, 486, '输液'), (283, 452, 319, 486, '(第'), (319, 452, 341, 486, '一'), (340, 452, 353, 486, '组'), (353, 452, 361, 486, ')'), (696, 456, 714, 477, '甲'), (962, 458, 972, 474, '1'), (1087, 458, 1138, 475, '12.00'), (1278, 458, 1328, 475, '12.00'), (1405, 458, 1498, 475, '120400001'),
    (129, 509, 148, 526, '16'), (194, 507, 359, 530, '静脉'), (245, 504, 283, 539, '输液'), (282, 504, 319, 539, '(第'), (319, 504, 339, 539, '一'), (339, 504, 352, 539, '组'), (351, 504, 361, 539, ')'), (697, 508, 714, 528, '甲'), (962, 510, 972, 527, '1'), (1086, 510, 1137, 527, '12.00'), (1277, 510, 1329, 527, '12.00'), (1404, 510, 1497, 527, '120400001'),
    (128, 560, 149, 577, '83'), (195, 558, 240, 579, '常规'), (247, 556, 297, 588, '心电图'), (303, 558, 339, 579, '检查'), (696, 560, 713, 579, '甲'), (813, 559, 832, 579, '次'), (963, 561, 972, 577, '3'), (1087, 561, 1138, 578, '22.00'), (1277, 561, 1329, 578, '56.00'), (1405, 561, 1497, 578, '310701001'),
    (127, 612, 149, 629, '84'), (194, 612, 204, 628, '0.9A'), (244, 610, 267, 631, '繁'), (267, 608, 287, 640, '化'), (287, 611, 305, 631, '钠'), (305, 611, 361, 631, '注射'), (350, 608, 363, 640, '液'), (697, 612, 714, 631, '甲'), (963, 613, 970, 630, '1'), (1098, 613, 1137, 630, '3.85'), (1289, 613, 1329, 630, '3,.85'), (1419, 612, 1481, 630, 'XJ0001'),
    (128, 665, 148, 680, '97'), (194, 664, 203, 681, '0.99'), (243, 662, 255, 682, '氛'), (265, 663, 276, 683, '化'), (287, 662, 305, 683, '钠'), (305, 662, 360, 683, '注射'), (351, 660, 362, 689, '液'), (696, 664, 713, 683, '甲'), (962, 665, 970, 681, '2'), (1097, 664, 1137, 682, '3.85'), (1288, 665, 1297, 681, '了'), (1302, 665, 1329, 682, '.710'), (1419, 664, 1481, 682, 'XJoo01'),
]


def test_a_row_whose_price_was_misread_checks_with_its_items_price_on_the_other_rows():
    """GIVEN 静脉输液 read 工 22.00 12.00 where the list's other rows of its code check at
    12.00 WHEN the list's entries are read THEN the row checks as 1 × 12.00; the
    心电图 row, 3 × 22.00 read 56.00, whose code is on no other row, stays in doubt."""
    text = PageText(TextSource.OCR, tuple(lines_from_words(
        [Word(t, (x0, y0, x1, y1), 0.9) for x0, y0, x1, y1, t in PAGE_FOUR])), 1654, 2339, 0.9)
    entries = table.list_entries([text])
    first, ecg = entries[0], entries[3]
    assert isinstance(first, table.Row) and first.checked
    assert (first.item.quantity, first.item.unit_price, first.item.amount) == (D(1), D("12.00"), D("12.00"))
    assert isinstance(ecg, table.Row) and not ecg.checked and ecg.item.amount == D("56.00")


def test_with_the_misread_price_mended_the_total_tells_the_rows_in_doubt_apart():
    """GIVEN the same rows and their total 113.55 WHEN settled THEN the 心电图 row is
    3 × 22.00 = 66.00 and the last 2 × 3.85 = 7.70: with the first row's price left in
    doubt (22.00 or 12.00), +10.00 could have come from either row, and nothing was
    settled."""
    text = PageText(TextSource.OCR, tuple(lines_from_words(
        [Word(t, (x0, y0, x1, y1), 0.9) for x0, y0, x1, y1, t in PAGE_FOUR])), 1654, 2339, 0.9)
    entries = table.list_entries([text])
    items = table.reconcile_with_total(entries, D("113.55"))
    assert items is not None
    assert [item.amount for item in items] == [D("12.00")] * 3 + [D("66.00"), D("3.85"), D("7.70")]
    doubtful = [table.Row(replace(entries[0].item, unit_price=D("22.00")), checked=False), *entries[1:]]
    assert table.reconcile_with_total(doubtful, D("113.55")) is None
