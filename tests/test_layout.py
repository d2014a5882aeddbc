"""Words to lines: rows by vertical overlap, cells at wide gaps."""

from claimdocs.layout import CELL_GAP, lines_from_words
from claimdocs.model import Word


def word(text, x0, y0, x1=None, height=30):
    return Word(text, (x0, y0, x1 if x1 is not None else x0 + 30 * len(text), y0 + height), 0.9)


def test_words_of_a_table_row_split_into_blocks_become_one_line():
    # GIVEN Tesseract returned a table column by column (all names, then all amounts)
    words = [word("床位费", 100, 100), word("西药费", 100, 160), word("300.00", 600, 102), word("1200.50", 600, 158)]
    # WHEN lines are rebuilt
    lines = lines_from_words(words)
    # THEN each row reads left to right with a cell gap between the cells
    assert [line.text for line in lines] == [f"床位费{CELL_GAP}300.00", f"西药费{CELL_GAP}1200.50"]


def test_close_cjk_words_join_without_space_and_latin_words_keep_one():
    words = [word("入院", 100, 100), word("日期", 160, 100), word("No.", 400, 100), word("123", 500, 100)]
    assert lines_from_words(words)[0].text == "入院日期  No. 123".replace("  ", CELL_GAP)


def test_an_unsure_lone_digit_glued_to_a_sure_amount_stays_apart():
    # GIVEN a speck of a seal read as "2" (unsure) touching a total read surely
    speck = Word("2", (500, 100, 512, 130), 0.3)
    total = Word("25754.80", (514, 100, 650, 130), 0.95)
    # THEN the line keeps them apart (a sure leading digit would have been joined)
    assert lines_from_words([word("总计", 100, 100), speck, total])[0].text.endswith("2 25754.80")
    sure = Word("2", (500, 100, 512, 130), 0.9)
    assert lines_from_words([word("总计", 100, 100), sure, total])[0].text.endswith("225754.80")


def test_an_unsure_digit_read_over_a_sure_amount_is_not_part_of_it():
    # GIVEN a stroke read again as "7" (0.35) over the 55 of a total read surely, as
    # Tesseract gave it on a 150 dpi scan
    total = Word("3947.55", (1006, 834, 1062, 847), 0.90)
    speck = Word("7", (1030, 820, 1043, 846), 0.35)
    # THEN the line reads the amount alone (joined, it read 3947.557, parsed as 3947.00)
    assert lines_from_words([Word("合计", (115, 831, 147, 848), 0.96), total, speck])[0].text.endswith("3947.55")
    # a sure digit there, or one after the amount, is kept
    assert lines_from_words([total, Word("7", (1030, 820, 1043, 846), 0.9)])[0].text == "3947.557"
    assert lines_from_words([total, Word("7", (1070, 834, 1080, 847), 0.35)])[0].text == "3947.55 7"


def test_empty_page_has_no_lines():
    assert lines_from_words([]) == ()


def test_a_name_written_larger_and_lower_than_its_labels_stays_on_their_line():
    """GIVEN an invoice photo's 姓名 row as Tesseract boxed it (s3048-004): the name
    吕桂杰, larger than the labels, its 桂杰 centred 13 px below the row (the page's words
    are 25 px high), beside its 吕; and the next row below WHEN lines are made THEN the
    name is whole on the label's line, and the row below stays a line of its own."""
    boxes = [(63, 125, 117, 150, "票据"), (118, 126, 156, 150, "代码"), (206, 137, 313, 159, "21292411"),
             (1090, 123, 1138, 146, "NO."), (1188, 132, 1338, 158, "2182094770"),
             (260, 187, 282, 210, "三"), (292, 186, 306, 210, "级"), (318, 185, 344, 211, "甲"), (356, 185, 370, 210, "等"),
             (116, 236, 158, 259, "姓名"), (350, 246, 420, 273, "吕"), (378, 243, 405, 285, "桂"),
             (404, 243, 423, 285, "杰"), (598, 236, 642, 259, "性"), (627, 233, 644, 270, "别"),
             (1058, 234, 1149, 259, "医保"), (1110, 231, 1134, 270, "类"), (1134, 231, 1151, 270, "型"),
             (1309, 242, 1367, 283, "城乡"), (1366, 246, 1403, 272, "居民"),
             (104, 294, 170, 318, "住院"), (158, 290, 173, 329, "号"), (337, 306, 432, 327, "24756943"),
             (599, 293, 642, 316, "科室")]
    lines = lines_from_words([Word(text, (x0, y0, x1, y1), 0.9) for x0, y0, x1, y1, text in boxes])
    assert [line.text for line in lines][2:] == ["姓名  吕桂杰  性别  医保类型  城乡居民", "住院号  24756943  科室"]
