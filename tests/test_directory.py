"""Regions and hospitals, and tolerant hospital-name matching (domain.md section 4)."""

import pytest

from claimdocs.directory import Directory
from claimdocs.errors import ConfigError
from claimdocs.settings import Settings


@pytest.fixture(scope="module")
def directory():
    settings = Settings()
    return Directory.load(settings.regions_csv, settings.hospitals_csv)


@pytest.mark.parametrize("text, hospital_id", [
    ("合肥市第五人民医院", "H0012"),
    ("合肥市第五人民医阮", "H0012"),  # one misread character
    ("医疗机构：合肥市第五人民医院（盖章）", "H0012"),  # inside a longer line
    ("合肥五院", "H0012"),  # alias
    ("三亚市风凰医院", "H0033"),
])
def test_hospital_names_match_tolerantly(directory, text, hospital_id):
    match = directory.match_hospital(text)
    assert match is not None and match.hospital.hospital_id == hospital_id


@pytest.mark.parametrize("text", ["沈阳市第八人民医院", "北京人民医院", "某某诊所", ""])
def test_unknown_hospitals_do_not_match(directory, text):
    assert directory.match_hospital(text) is None


def test_region_by_name_prefers_the_most_specific(directory):
    assert directory.region_by_name("辽宁省沈阳市和平区").code == "210100"
    assert directory.region_by_name("安徽省长丰县水湖镇").code == "340121"
    assert directory.province_of("340121") == "34"


def test_bad_directory_file_names_file_and_line(tmp_path):
    bad = tmp_path / "hospitals.csv"
    bad.write_text("hospital_id,name,aliases,region,level\nH1,某医院,,340100,4\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2"):
        Directory.load(Settings().regions_csv, bad)


def test_two_misread_characters_in_a_long_name_still_match(directory):
    assert directory.match_hospital("海口都碟人民医院").hospital.hospital_id == "H0032"


def test_fictional_hospitals_of_a_known_city_do_not_match(directory):
    for name in ("合肥市仁和骨科专科医院", "沈阳市博爱康复护理院", "广州市同心中西医结合门诊部"):
        assert directory.match_hospital(name) is None
