"""Regions and hospitals (domain.md section 4), with tolerant hospital-name matching.

A deployment loads its own directories; the shipped CSVs are the reference data the
samples and tests use. Matching tolerates OCR misreads: a name one or two characters off
still finds its hospital, while a name that is merely similar (another city's people's
hospital) does not.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claimdocs.errors import ConfigError
from claimdocs.text import best_substring_distance, edit_distance, strip_punct

# Suffixes shared by many hospitals: a match on these alone says nothing.
_NUMERALS = set("一二三四五六七八九十〇零0123456789")
_GENERIC = ("人民医院", "中心医院", "医院", "卫生院", "社区卫生服务中心")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    province_code: str
    level: str  # province | city | county


@dataclass(frozen=True)
class Hospital:
    hospital_id: str
    name: str
    aliases: tuple[str, ...]
    region: str
    level: int  # 1, 2, 3: 一级 / 二级 / 三级

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class HospitalMatch:
    hospital: Hospital
    score: float  # 1.0 exact; lower for a tolerant match
    matched_text: str


class Directory:
    """The region and hospital directories of one deployment."""

    def __init__(self, regions: list[Region], hospitals: list[Hospital]) -> None:
        self.regions = {region.code: region for region in regions}
        self.hospitals = {hospital.hospital_id: hospital for hospital in hospitals}

    @classmethod
    def load(cls, regions_csv: Path, hospitals_csv: Path) -> "Directory":
        """Read both CSV files; raises ConfigError naming the file and row on bad data."""
        return cls(_read_regions(regions_csv), _read_hospitals(hospitals_csv))

    def region(self, code: str) -> Region | None:
        return self.regions.get(code)

    @staticmethod
    def province_of(region_code: str) -> str:
        """Province part of a 6-digit division code (its first two digits)."""
        return region_code[:2]

    def region_by_name(self, text: str) -> Region | None:
        """The most specific region whose name (or name without 市/省/县) occurs in ``text``."""
        found = [r for r in self.regions.values() if _region_in_text(r, text)]
        order = {"county": 0, "city": 1, "province": 2}
        return min(found, key=lambda r: (order.get(r.level, 3), -len(r.name)), default=None)

    def has_hospital_named(self, name: str) -> bool:
        """Whether ``name`` is exactly a directory hospital's name."""
        return any(hospital.name == name for hospital in self.hospitals.values())

    def match_hospital(self, name: str) -> HospitalMatch | None:
        """Best directory hospital for an OCR'd ``name``, or None when nothing is close.

        A name counts when it equals a directory name or alias up to one misread
        character in four, or contains one with that tolerance.
        """
        cleaned = strip_punct(name)
        if len(cleaned) < 2:
            return None
        best: HospitalMatch | None = None
        for hospital in self.hospitals.values():
            for candidate in hospital.names:
                score = _name_score(candidate, cleaned)
                if score > 0 and (best is None or score > best.score):
                    best = HospitalMatch(hospital, score, name)
        return best


# A hospital's name holds one of these: 医院, 卫生院, 服务中心, 诊所, 护理院, 保健院…
_INSTITUTION = re.compile(r"院|医|中心|卫生|诊所|门诊")


# The shortest hospital name: four characters (协和医院); 山湾医, a seal's ring read beside
# 收款单位(章) (s3044-010), names none.
MIN_INSTITUTION_CHARACTERS = 4


def names_an_institution(text: str) -> bool:
    """Whether ``text`` could name a hospital at all: not the ring of a seal (…专用章), a
    city alone (济南), a fragment of fewer than four characters or letters OCR made of a
    stamp."""
    characters = sum("\u4e00" <= ch <= "\u9fff" for ch in text)
    return characters >= MIN_INSTITUTION_CHARACTERS and bool(_INSTITUTION.search(text))


def _name_score(candidate: str, text: str) -> float:
    """Similarity in [0, 1] of a directory name to ``text`` (0 when too far).

    Numerals are never forgiven: 第七人民医院 and 第八人民医院 are different hospitals.
    """
    if _numerals(candidate) not in _numerals(text):
        return 0.0
    allowed = max(1, len(candidate) // 4)
    whole = edit_distance(candidate, text)
    if whole <= allowed:
        return 1.0 - whole / (len(candidate) + 1)
    if len(candidate) < 4 or candidate in _GENERIC:
        return 0.0
    inside, _ = best_substring_distance(candidate, text)
    if inside <= allowed:
        # A name found inside a longer text is a slightly weaker match than the whole text.
        return 0.95 - inside / (len(candidate) + 1)
    return 0.0


def _numerals(text: str) -> str:
    return "".join(ch for ch in text if ch in _NUMERALS)


def _region_in_text(region: Region, text: str) -> bool:
    short = region.name.rstrip("市省县区")
    return region.name in text or (len(short) >= 2 and short in text)


def _read_rows(path: Path, required: set[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise ConfigError(f"cannot read directory file: {error.strerror}", file=str(path)) from error
    if rows and not required <= set(rows[0]):
        raise ConfigError(f"columns {sorted(required)} are required", file=str(path))
    return rows


def _read_regions(path: Path) -> list[Region]:
    rows = _read_rows(path, {"code", "name", "province_code", "level"})
    regions = []
    for number, row in enumerate(rows, start=2):
        if not (row["code"].isdigit() and len(row["code"]) == 6):
            raise ConfigError(f"line {number}: region code {row['code']!r} is not 6 digits", file=str(path))
        regions.append(Region(row["code"], row["name"], row["province_code"], row["level"]))
    return regions


def _read_hospitals(path: Path) -> list[Hospital]:
    rows = _read_rows(path, {"hospital_id", "name", "aliases", "region", "level"})
    hospitals = []
    for number, row in enumerate(rows, start=2):
        if row["level"] not in {"1", "2", "3"}:
            raise ConfigError(f"line {number}: hospital level {row['level']!r} is not 1, 2 or 3", file=str(path))
        aliases = tuple(a for a in row["aliases"].split("|") if a)
        hospitals.append(Hospital(row["hospital_id"], row["name"], aliases, row["region"], int(row["level"])))
    return hospitals


@lru_cache(maxsize=8)
def load_directory(regions_csv: Path, hospitals_csv: Path) -> Directory:
    """Load (once per pair of paths) the directory named by the settings."""
    return Directory.load(regions_csv, hospitals_csv)
