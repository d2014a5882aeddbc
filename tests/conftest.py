"""Shared fixtures: rendered Chinese document pages and Settings built for tests.

The pages are drawn with Pillow and Noto CJK so vision and ingest tests run on
realistic content (prose, tables, forms) without committing large images.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from claimdocs.settings import Settings

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
A4_INCHES = (8.27, 11.69)

_PHRASES = (
    "患者因腹痛入院治疗", "经检查诊断为急性阑尾炎", "行腹腔镜阑尾切除术", "术后恢复良好",
    "住院期间给予抗感染治疗", "出院时一般情况可", "嘱出院后注意休息", "定期门诊复查",
    "参保人姓名张三", "身份证号码", "医疗机构类型三级甲等", "医保统筹基金支付",
    "个人现金支付", "个人自付金额", "床位费检查费化验费", "治疗费手术费护理费",
)
_ITEMS = ("床位费", "检查费", "化验费", "治疗费", "手术费", "护理费", "卫生材料费", "西药费")


def _font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(CJK_FONT), px)


def _prose(draw: ImageDraw.ImageDraw, w: int, dpi: int, rng: random.Random) -> list[str]:
    body, margin = _font(int(dpi * 10.5 / 72)), int(dpi * 0.9)
    y, lines = int(dpi * 1.7), []
    while y < int(dpi * 10.5):
        text = "".join(rng.choice(_PHRASES) + "，" for _ in range(3))[:-1] + "。"
        text = text[: max(8, int((w - 2 * margin) / (dpi * 10.5 / 72)) - 1)]
        draw.text((margin, y), text, fill=(20, 20, 20), font=body)
        lines.append(text)
        y += int(dpi * 10.5 / 72 * 1.8)
    return lines


def _table(draw: ImageDraw.ImageDraw, w: int, dpi: int, rng: random.Random,
           ink: tuple[int, int, int]) -> list[str]:
    body, margin = _font(int(dpi * 10 / 72)), int(dpi * 0.8)
    cols = [margin, margin + int(dpi * 2.2), margin + int(dpi * 3.6), margin + int(dpi * 5.0), w - margin]
    row_h, y0, lines = int(dpi * 0.36), int(dpi * 1.8), []
    rows = [("项目名称", "数量", "单价", "金额")] + [
        (rng.choice(_ITEMS), str(rng.randint(1, 9)), f"{rng.uniform(5, 500):.2f}", f"{rng.uniform(5, 900):.2f}")
        for _ in range(18)]
    for r, row in enumerate(rows):
        y = y0 + r * row_h
        draw.line([(cols[0], y), (cols[-1], y)], fill=ink, width=max(1, dpi // 75))
        for c, cell in enumerate(row):
            draw.text((cols[c] + dpi // 15, y + dpi // 20), cell, fill=(20, 20, 20), font=body)
        lines.append(" ".join(row))
    y_end = y0 + len(rows) * row_h
    draw.line([(cols[0], y_end), (cols[-1], y_end)], fill=ink, width=max(1, dpi // 75))
    for x in cols:
        draw.line([(x, y0), (x, y_end)], fill=ink, width=max(1, dpi // 75))
    return lines


def _form(draw: ImageDraw.ImageDraw, w: int, dpi: int, rng: random.Random,
          ink: tuple[int, int, int]) -> list[str]:
    body, margin = _font(int(dpi * 11 / 72)), int(dpi * 0.9)
    labels = ("姓名", "性别", "身份证号码", "住院号", "入院日期", "出院日期", "医疗机构", "诊断", "金额合计")
    values = ("张三", "男", "110101199003071234", "2024081501", "2024年08月15日", "2024年08月22日",
              "市第一人民医院", "急性阑尾炎", "¥12,345.67")
    y, lines = int(dpi * 1.8), []
    for label, value in zip(labels, values):
        draw.rectangle([margin, y, w - margin, y + int(dpi * 0.5)], outline=ink, width=max(1, dpi // 75))
        draw.text((margin + dpi // 10, y + dpi // 10), label + "：", fill=ink, font=body)
        draw.text((margin + int(dpi * 1.9), y + dpi // 10), value, fill=(20, 20, 20), font=body)
        lines.append(label + "：" + value)
        y += int(dpi * 0.7)
    for _ in range(4):
        text = rng.choice(_PHRASES) + "，" + rng.choice(_PHRASES) + "。"
        draw.text((margin, y), text, fill=(20, 20, 20), font=body)
        lines.append(text)
        y += int(dpi * 0.45)
    return lines


def render_page(kind: str = "prose", dpi: int = 150, seed: int = 0, title: str = "出院证明书",
                ink: tuple[int, int, int] = (20, 20, 20)) -> tuple[np.ndarray, list[str]]:
    """Render an A4 Chinese document page.

    Args:
        kind: "prose", "table" (expense list) or "form" (labelled boxes).
        dpi: resolution of the rendered page.
        seed: makes the random content reproducible.
        title: heading printed at the top.
        ink: colour (RGB) of lines and labels, e.g. red for a pre-printed invoice form.

    Returns:
        The page as a BGR uint8 array and the text lines drawn on it (title first).
    """
    rng = random.Random(seed)
    w, h = int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi)
    img = Image.new("RGB", (w, h), (250, 250, 247))
    draw = ImageDraw.Draw(img)
    title_font = _font(int(dpi * 18 / 72))
    draw.text(((w - title_font.getlength(title)) / 2, int(dpi * 0.8)), title, fill=ink, font=title_font)
    body = {"prose": lambda: _prose(draw, w, dpi, rng),
            "table": lambda: _table(draw, w, dpi, rng, ink),
            "form": lambda: _form(draw, w, dpi, rng, ink)}[kind]()
    return np.ascontiguousarray(np.asarray(img)[:, :, ::-1]), [title, *body]


@pytest.fixture
def page_renderer() -> Callable[..., tuple[np.ndarray, list[str]]]:
    """Return :func:`render_page` (BGR A4 Chinese pages with their text)."""
    return render_page


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with defaults and a data folder inside the test's temporary directory."""
    return Settings(data_dir=tmp_path / "var")
