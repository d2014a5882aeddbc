"""Value parsers: dates, money, 大写 amounts, ratios, ID numbers (domain.md section 3)."""

from datetime import date
from decimal import Decimal

import pytest

from claimdocs.extract.parsers import (
    parse_capital_amount, parse_date, parse_dates, parse_id_number, parse_money, parse_money_all,
    parse_name, parse_ratio,
)
from claimdocs.idnumber import check_character, is_valid_id_number, mask_id_number


@pytest.mark.parametrize("text, expected", [
    ("2024年08月15日", date(2024, 8, 15)),
    ("2024-08-15", date(2024, 8, 15)),
    ("2024.08.15", date(2024, 8, 15)),
    ("2024/8/15", date(2024, 8, 15)),
    ("开票日期：2024 年 8 月 5 日", date(2024, 8, 5)),
    ("２０２４－０８－１５", date(2024, 8, 15)),  # full-width, as some PDFs carry it
    ("20240815", date(2024, 8, 15)),
    ("2024-02-30", None),
    ("no date here", None),
    ("入院日期  2024年1]月15日", date(2024, 1, 15)),  # a bracket glued to a blurred 01
    ("出院日期 2024-09-]11", date(2024, 9, 11)),  # after a separator (s3044-024)
    ("于 2024 年 01] 月 08 日 入住", date(2024, 1, 8)),  # before a space (s3044-014)
    ("开票日期: 2024/10/127 化验费", date(2024, 10, 27)),  # a separator read as itself and 1 (s3038-007)
    ("于 2024 年 0] 月 24 日 入住", date(2024, 1, 24)),  # 01 with its 1 read as a bracket (s3044-026)
    ("于 2024 年 ] 月 24 日 出院", date(2024, 1, 24)),  # the month's 1 alone read as a bracket (s3046-006)
    ("于 2024 年 05 月 301 入住", date(2024, 5, 30)),  # 日 read as 1 (s3046-003)
    ("2024年05月31 入住", date(2024, 5, 31)),  # a day ending in 1 is no 日
    ("2024/10/145", date(2024, 10, 14)),  # 45 is no day: as read
    ("入院时间 202:4 年 10 月 12 日", date(2024, 10, 12)),  # a speck inside the year (s3052-017)
    ("开哇月拷: 2024.10,31", date(2024, 10, 31)),  # a point read as a comma (s3052-017)
    ("2024.10,315", None),  # no day of three digits
    ("出院日期  2024,.08.31", date(2024, 8, 31)),  # the first point with a comma before it (s3063-008)
    ("2024,08.31", date(2024, 8, 31)),  # the first point read as a comma
    ("2024..08.31", date(2024, 8, 31)),
    ("入院日期_2024第06月05日", date(2024, 6, 5)),  # 年 misread, 月 and 日 read (s3063-000)
    ("2024人年10月13上日出院", date(2024, 10, 13)),
    ("入院时间  2024和全07月2411  出也有昌期", date(2024, 7, 24)),  # 年 as two, 日 as 11 (s3055-008)
])
def test_parse_date_formats(text, expected):
    assert parse_date(text) == expected


def test_stay_printed_as_one_string_gives_two_dates():
    assert parse_dates("住院时间:2020121720201223") == [date(2020, 12, 17), date(2020, 12, 23)]
    assert parse_dates("住院时间: 20201217|20201223") == [date(2020, 12, 17), date(2020, 12, 23)]


@pytest.mark.parametrize("text, expected", [
    ("¥12,345.67", Decimal("12345.67")),
    ("12345.67元", Decimal("12345.67")),
    ("合计: ￥ 300", Decimal("300.00")),
    ("1 234.5", Decimal("1234.50")),
    ("金额 0.35", Decimal("0.35")),
    ("12345 .67", Decimal("12345.67")),
])
def test_parse_money(text, expected):
    assert parse_money(text) == expected


def test_a_speck_read_as_a_digit_is_not_glued_to_the_amount_after_it():
    assert parse_money_all("总计 2 25754.80") == [Decimal("2.00"), Decimal("25754.80")]


def test_a_point_read_as_a_comma_is_a_point_where_no_thousands_group_follows():
    """合计 ¥21434,65 (a phone photo, s3065-017): two digits after a comma are no thousands
    group. A thousands comma, and a date read with commas, stay as they were."""
    assert parse_money_all("合计 ¥21434,65", cents=True) == [Decimal("21434.65")]
    assert parse_money_all("21,434,65", cents=True) == [Decimal("21434.65")]
    assert parse_money_all("动态心电图  乙  180,00  次", cents=True) == [Decimal("180.00")]
    assert parse_money_all("1,234.56 12,345", cents=False) == [Decimal("1234.56"), Decimal("12345.00")]
    assert parse_money_all("2024,08-23", cents=True) == []
    assert parse_money_all("2024,10,31", cents=True) == []


def test_parse_money_all_keeps_order():
    assert parse_money_all("统筹 8,000.00 现金 2,345.67") == [Decimal("8000.00"), Decimal("2345.67")]


@pytest.mark.parametrize("text, expected", [
    ("壹万贰仟叁佰肆拾伍元陆角柒分", Decimal("12345.67")),
    ("伍仟元整", Decimal("5000.00")),
    ("人民币(大写)：壹拾万零叁佰元伍角", Decimal("100300.50")),
    ("玖佰零伍元零捌分", Decimal("905.08")),
    ("拾元整", Decimal("10.00")),
    ("叁角伍分", Decimal("0.35")),
    ("壹佰万元整", Decimal("1000000.00")),
    ("没有金额", None),
])
def test_parse_capital_amount(text, expected):
    assert parse_capital_amount(text) == expected


def test_a_capital_amount_with_its_thousands_misread_agrees_with_the_figures_that_fit_it():
    # 柒仟陆佰叁拾玖元伍角 and 捌仟零陆拾叁元伍角 as Tesseract read them off photographed invoices
    assert parse_capital_amount("抹任陆佰参拾玖元伍角", Decimal("7639.50")) == Decimal("7639.50")
    assert parse_capital_amount("制作零陆拾参元伍角", Decimal("8063.50")) == Decimal("8063.50")
    assert parse_capital_amount("抹任陆佰参拾玖元伍角") is None  # the thousands digit is unknown
    assert parse_capital_amount("抹任陆佰参拾玖元伍角", Decimal("639.50")) is None  # a place too few


@pytest.mark.parametrize("text, expected", [
    ("10%", Decimal("0.10")), ("0.1", Decimal("0.1")), ("20 %", Decimal("0.20")), ("乙", None), ("150%", None),
])
def test_parse_ratio(text, expected):
    assert parse_ratio(text) == expected


def test_id_number_check_character_follows_gb11643():
    assert check_character("11010519491231002") == "X"
    assert is_valid_id_number("11010519491231002X")
    assert not is_valid_id_number("110105194912310021")
    assert not is_valid_id_number("110105194902300028")  # 30 February
    # its check character right, but no province's code opens it (30: 330122… misread on
    # a 1-bit scan, s3069-022): a misreading
    assert is_valid_id_number("330122197205243295")
    assert not is_valid_id_number("304122197205243429")


def test_parse_id_number_repairs_letters_but_not_digits():
    assert parse_id_number("身份证号: 11010519491231002x") == "11010519491231002X"
    assert parse_id_number("1101 0519 4912 3100 2X") == "11010519491231002X"
    assert parse_id_number("11010519491231OO2X") == "11010519491231002X"
    # A wrong digit stays wrong: id_invalid must be able to see it.
    assert parse_id_number("110105194912310021") == "110105194912310021"


def test_parse_id_number_finds_the_number_inside_a_longer_run():
    # a box edge read as | (1) before the number: the valid 18 win over the first 18
    assert parse_id_number("公民身份号码 |340121199209258405") == "340121199209258405"
    # none valid: the 18 that hold a birth date (id_invalid will show the wrong digit)
    assert parse_id_number("9110105194912310021") == "110105194912310021"


def test_an_id_number_cut_in_two_by_a_mark_is_read_when_its_check_character_holds():
    # a speck read as ] inside the number (development s3040-026, an application form)
    assert parse_id_number("证件号码 5301041]94510293409") == "530104194510293409"
    # with the check character wrong, taking the mark out is no reading: nothing is read
    assert parse_id_number("证件号码 5301041]94510293408") is None
    # two numbers beside each other are not joined into one
    assert parse_id_number("电话 13932787705 卡号 6228957") is None


def test_mask_id_number_hides_the_middle():
    assert mask_id_number("11010519491231002X") == "1101**********002X"


def test_parse_name_takes_leading_cjk():
    assert parse_name("张伟 性别") == "张伟"
    assert parse_name("欧阳明珠") == "欧阳明珠"
    assert parse_name("123") is None
    assert parse_name("输名曾福") == "曾福"  # 姓名 misread, glued to the name
    assert parse_name("李名扬") == "李名扬"
    assert parse_name("”唐国") == "唐国"  # a quote OCR left after the colon
    assert parse_name("徐NA杰明") == "徐杰明"  # specks read as letters inside the name
    assert parse_name("蔡IANALA杰志") == "蔡杰志"  # a seal's ring across the name, read as letters
    assert parse_name("银行") is None  # an insurance card's 中国建设银行, 银 a surname (s3053-015)


def test_a_label_glued_to_a_name_and_misread_is_cut_off_where_its_colon_follows():
    """GIVEN a discharge certificate's 姓名:曹勇宏科室:综合内科 photographed, 科室 read 科富
    and its colon : or ; (s3069-001, s3069-029) WHEN the name is parsed THEN it is 曹勇宏;
    without a colon after them, or where they are no label one character off, the
    characters stay (a name of four is read whole)."""
    assert parse_name("曹勇宏科富:综合内科”病案号") == "曹勇宏"
    assert parse_name("陈新明科富;骨科") == "陈新明"
    assert parse_name("张三年邻: 45") == "张三"
    assert parse_name("欧阳胜男: 女") == "欧阳胜男"
    assert parse_name("曹勇宏科富") == "曹勇宏科"


def test_a_date_whose_second_separator_was_read_as_one_is_restored_only_when_that_is_certain():
    """Tesseract reads a small / as 1 in photographed dates: 2024/7119 is 2024/7/19. When
    the digits could also stand as read (0115: 01-15 with the separator lost) or more
    than one 1 could be the separator (1111), no date is made up."""
    from datetime import date

    from claimdocs.extract.parsers import parse_date

    assert parse_date("出院时间 2024/7119") == date(2024, 7, 19)
    assert parse_date("入院时间: 2024/10117") == date(2024, 10, 17)
    assert parse_date("2024/8122") == date(2024, 8, 22)
    assert parse_date("2024/1111") is None and parse_date("2024-0115") is None
    assert parse_date("2024/7/19") == date(2024, 7, 19)


def test_a_date_whose_two_separators_were_both_read_as_one_is_restored_only_when_certain():
    """A photo's thin slashes, both read as 1: 2024/3/29 as 202413129, 2024/4/9 as
    20241419 (a blurred discharge certificate). A run that is a date as it stands
    (20241015), or that two 1s could split (20241111), is not made into another date;
    only a labelled date is read so, never a run of digits found elsewhere."""
    from datetime import date

    from claimdocs.extract.parsers import parse_date, parse_dates

    assert parse_date("入院时间: 202413129") == date(2024, 3, 29)
    assert parse_date("出院日期: 20241419") == date(2024, 4, 9)
    assert parse_date("20241015") == date(2024, 10, 15)
    assert parse_date("20241111") == date(2024, 11, 11)  # as it stands
    assert parse_date("202411111") is None  # 2024/1/111? 2024/11/11? 2024/1/11/1?
    assert parse_dates("发票号码 20241419") == []
