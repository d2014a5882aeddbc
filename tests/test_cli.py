"""The `claimdocs` command as a person runs it: exit status, stderr, JSON report, summary."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimdocs.report import schema_errors

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "resources" / "hostile"
POLICIES = ROOT / "claimdocs" / "policies"


def claimdocs(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "claimdocs.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.iterdir()))
def test_hostile_file_gives_one_line_error_never_a_traceback(name):
    # GIVEN a file that cannot be read (empty, truncated, encrypted, HTML, a pixel bomb, 2000 pages)
    started = time.perf_counter()
    # WHEN it is handed in as a whole packet
    result = claimdocs("process", str(HOSTILE / name), "--json")
    # THEN the command fails fast with exit 1 and one line that names the file and the problem
    assert time.perf_counter() - started < 30
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0]
    assert result.stdout == ""


def test_a_bad_file_beside_good_ones_is_reported_not_fatal(tmp_path):
    # GIVEN a packet with one truncated PDF beside a readable page
    (tmp_path / "truncated.pdf").write_bytes((HOSTILE / "truncated.pdf").read_bytes())
    good = ROOT / "samples" / "packets" / "s7-003"
    page = sorted(p for p in good.iterdir() if p.suffix in (".png", ".jpg"))[0]
    (tmp_path / page.name).write_bytes(page.read_bytes())
    # WHEN the packet is processed
    result = claimdocs("process", str(tmp_path), "--json")
    # THEN a valid report comes back; the bad file carries its error and no pages
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert schema_errors(report) == []
    bad = next(f for f in report["files"] if f["name"] == "truncated.pdf")
    assert bad["pages"] == 0 and bad["error"]["code"] == "corrupt_file"
    assert [p["file"] for p in report["pages"]] == [page.name]


def test_missing_path_and_bad_arguments():
    assert claimdocs("process").returncode == 2
    assert claimdocs("frobnicate").returncode == 2
    result = claimdocs("process", "/nonexistent/scan.pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_malformed_claim_is_a_clear_error(tmp_path):
    claim = tmp_path / "claim.json"
    claim.write_text('{"category": "tourist"}', encoding="utf-8")
    result = claimdocs("process", str(HOSTILE / "empty.pdf"), "--claim", str(claim))
    assert result.returncode == 2 and "category" in result.stderr and "Traceback" not in result.stderr
    claim.write_text("{not json", encoding="utf-8")
    result = claimdocs("process", str(HOSTILE / "empty.pdf"), "--claim", str(claim))
    assert result.returncode == 2 and "JSON" in result.stderr


def test_policy_check_names_file_and_line(tmp_path):
    good = claimdocs("policy", "check", str(POLICIES / "reference.yaml"))
    assert good.returncode == 0 and "reference@2024-01-01" in good.stdout
    bad = tmp_path / "bad.yaml"
    text = (POLICIES / "reference.yaml").read_text(encoding="utf-8").replace("ratio: {1: 0.90", "ratio: {1: 1.5")
    bad.write_text(text, encoding="utf-8")
    result = claimdocs("policy", "check", str(bad))
    assert result.returncode == 2
    assert "bad.yaml" in result.stderr and "line" in result.stderr and "Traceback" not in result.stderr
