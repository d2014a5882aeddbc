"""Policy files: every number and list of domain.md sections 5-7, as versioned data (§9).

One YAML file holds one version of one insured region's policy (or of the ``reference``
default). Files are validated when loaded: an unknown key, a missing key or an out-of-range
value (a ratio of 1.5) is a :class:`~claimdocs.errors.PolicyError` naming the file and the
line. The policy in force for a claim is chosen by :meth:`PolicyStore.select`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any, Iterable, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from claimdocs.errors import PolicyError
from claimdocs.model import Category, DocType, InsuranceType

REFERENCE = "reference"

Ratio = Annotated[Decimal, Field(ge=0, le=1)]
Money = Annotated[Decimal, Field(ge=0)]
Confidence = Annotated[float, Field(ge=0, le=1)]
Level = Literal[1, 2, 3]
DocGroup = DocType | list[DocType]
"""A required document, or a list of documents of which any one suffices (§5)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _all_levels(value: dict[int, Any]) -> dict[int, Any]:
    if set(value) != {1, 2, 3}:
        raise ValueError("must give hospital levels 1, 2 and 3")
    return value


class InsuranceTerms(_Strict):
    """Numbers for one insurance type (a column of the table in domain.md §7)."""

    deductible: dict[Level, Money]
    ratio: dict[Level, Ratio]
    retiree_bonus: Ratio
    class_b_self_pay: Ratio
    annual_cap: Money
    claim_deadline_days: Annotated[int, Field(gt=0)]

    _levels = field_validator("deductible", "ratio")(_all_levels)


class RequiredDocuments(_Strict):
    """The required materials of domain.md §5, by the rule that requires them."""

    always: list[DocGroup]
    cross_province: list[DocGroup]
    by_category: dict[Category, list[DocGroup]]
    without_declaration: list[DocGroup]


class Reductions(_Strict):
    """Off-site ratio reductions of domain.md §7.3 (cross-province only; largest applies)."""

    by_category: dict[Category, Ratio]
    non_designated_hospital: Ratio
    non_designated_categories: list[Category]
    exempt_categories: list[Category]


class FilingRules(_Strict):
    """Filing validity (§6 filing_not_valid) and the emergency grace (§6 filing_late)."""

    validity_years: Annotated[int, Field(gt=0)]
    emergency_grace_days: Annotated[int, Field(ge=0)]


class ConfidenceRules(_Strict):
    """Thresholds of §6 low_confidence and the key fields they apply to."""

    page_classification: Confidence
    key_field: Confidence
    key_fields: dict[DocType, list[str]]
    # Names and ID numbers read below this are left out of name_mismatch / id_mismatch:
    # an OCR misreading is not a different person (low_confidence covers it).
    identity_comparison: Confidence


class Policy(_Strict):
    """One version of one region's policy; ``id`` is ``region@effective``."""

    region: Annotated[str, Field(pattern=r"^(reference|\d{6})$")]
    effective: date
    description: str = ""
    required_documents: RequiredDocuments
    insurance: dict[InsuranceType, InsuranceTerms]
    reductions: Reductions
    filing: FilingRules
    confidence: ConfidenceRules
    seal_required: list[DocType]
    amount_tolerance: Money

    _source: str = PrivateAttr(default="")

    @field_validator("insurance")
    @classmethod
    def _both_types(cls, value: dict[InsuranceType, InsuranceTerms]) -> dict:
        if set(value) != set(InsuranceType):
            raise ValueError("must give both 'employee' and 'resident'")
        return value

    @property
    def id(self) -> str:
        """``region@effective``, e.g. ``reference@2024-01-01``: how reports and traces name it."""
        return f"{self.region}@{self.effective.isoformat()}"

    @property
    def source(self) -> str:
        """The file the policy was read from ('' when built in code)."""
        return self._source

    def terms(self, insurance_type: InsuranceType) -> InsuranceTerms:
        """The numbers for one insurance type."""
        return self.insurance[insurance_type]


# --- loading with line numbers -----------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe loader that reads floats as exact Decimals (0.90 stays 0.90, never a binary float)."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return float(text)  # .inf / .nan: pydantic rejects them with a located error


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)

Path_ = tuple[str, ...]


def _line_map(node: yaml.Node, path: Path_ = (), lines: dict | None = None, file: str = "") -> dict:
    """Map every key path (as strings) to its 1-based line; rejects duplicate keys."""
    lines = {} if lines is None else lines
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                raise PolicyError(f"line {key.start_mark.line + 1}: duplicate key {name!r}", file=file)
            seen.add(name)
            lines[path + (name,)] = key.start_mark.line + 1
            _line_map(value, path + (name,), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (str(index),)] = item.start_mark.line + 1
            _line_map(item, path + (str(index),), lines, file)
    return lines


def _line_of(loc: tuple, lines: dict[Path_, int]) -> int:
    """Line of the deepest key path in ``lines`` that is a prefix of a pydantic error ``loc``."""
    parts = tuple(str(part) for part in loc)
    for end in range(len(parts), 0, -1):
        if parts[:end] in lines:
            return lines[parts[:end]]
    return 1


def _describe(errors: list[dict], lines: dict[Path_, int]) -> str:
    """One line per pydantic error: ``line N: a.b.c: message``, joined with '; '."""
    parts = []
    for error in errors:
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        where = ".".join(str(p) for p in loc) or "(top level)"
        parts.append(f"line {_line_of(loc, lines)}: {where}: {error['msg']}")
    return "; ".join(parts)


def _compose(text: str, file: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML text into (data, line map); syntax errors become PolicyError with a line."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        raise PolicyError(f"line {line}: not valid YAML: {error.problem}", file=file) from error
    if not isinstance(data, dict):
        raise PolicyError("line 1: a policy file must be a mapping of keys to values", file=file)
    return data, _line_map(node, file=file)


def parse_policy(text: str, file: str = "<policy>") -> Policy:
    """Validate the YAML ``text`` of a policy file; raises PolicyError naming file and line."""
    data, lines = _compose(text, file)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as error:
        raise PolicyError(_describe(error.errors(), lines), file=file) from None
    policy._source = file
    return policy


def check_policy_file(path: str | Path) -> Policy:
    """Read and validate one policy file (the ``claimdocs policy check FILE`` command).

    Returns the Policy; raises PolicyError ("FILE: line N: key.path: what is wrong") when
    the file cannot be read or is invalid.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(f"cannot read policy file: {error}", file=str(path)) from error
    return parse_policy(text, str(path))


# --- the store: which policy is in force -----------------------------------------------------


class PolicyStore:
    """All policy versions of a deployment; selects the one in force for a claim."""

    def __init__(self, policies: Iterable[Policy], pinned: Policy | None = None) -> None:
        self.policies = sorted(policies, key=lambda p: (p.region, p.effective))
        self.pinned = pinned
        _check_store(self.policies)

    @classmethod
    def load(cls, policy_dir: str | Path) -> "PolicyStore":
        """Validate every ``*.yaml``/``*.yml`` file of ``policy_dir``; raises PolicyError."""
        directory = Path(policy_dir)
        if not directory.is_dir():
            raise PolicyError("policy directory does not exist", file=str(directory))
        files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
        return cls(check_policy_file(path) for path in files)

    def versions(self, region: str) -> list[Policy]:
        """Versions of ``region``'s policy, oldest first."""
        return [p for p in self.policies if p.region == region]

    def select(self, insured_region: str | None, on: date) -> Policy:
        """The policy in force on ``on`` (the admission date) for ``insured_region``.

        Tries the exact region, then its province (first two digits + 0000), then
        ``reference``; the first with a version effective on or before ``on`` wins, and of
        its versions the latest such. A date before every reference version gets the
        earliest reference version. A pinned store always returns its pinned policy.
        """
        if self.pinned is not None:
            return self.pinned
        for region in _candidate_regions(insured_region):
            in_force = [p for p in self.versions(region) if p.effective <= on]
            if in_force:
                return in_force[-1]
        return self.versions(REFERENCE)[0]

    def pin(self, name_or_file: str | Path) -> "PolicyStore":
        """A store that always selects one policy (``--policy NAME_OR_FILE``).

        ``name_or_file`` is a policy file path, a policy id (``210100@2025-01-01``) or a
        region (``reference``, ``210100``: its latest version). Raises PolicyError.
        """
        path = Path(name_or_file)
        if path.suffix in {".yaml", ".yml"} or path.is_file():
            return PolicyStore(self.policies, check_policy_file(path))
        name = str(name_or_file)
        matches = [p for p in self.policies if name in (p.id, p.region)]
        if not matches:
            known = ", ".join(p.id for p in self.policies)
            raise PolicyError(f"no policy named {name!r}; known policies: {known}")
        return PolicyStore(self.policies, matches[-1])


def _candidate_regions(insured_region: str | None) -> list[str]:
    """Exact region, its province, then reference (domain.md §9)."""
    if not insured_region or len(insured_region) != 6 or not insured_region.isdigit():
        return [REFERENCE]
    province = insured_region[:2] + "0000"
    return list(dict.fromkeys([insured_region, province, REFERENCE]))


def _check_store(policies: list[Policy]) -> None:
    """A store needs a reference policy and at most one version per region and date."""
    if not any(p.region == REFERENCE for p in policies):
        raise PolicyError("no 'reference' policy found; the default policy is required")
    seen: dict[str, str] = {}
    for policy in policies:
        if policy.id in seen:
            raise PolicyError(f"policy {policy.id} is defined twice (also in {seen[policy.id]})",
                              file=policy.source or None)
        seen[policy.id] = policy.source
