"""Judging a packet (domain.md §4-§8): policies, declaration, scope, required materials,
review flags, the decision; the amount is in :mod:`claimdocs.reimburse`.

Entry points: :func:`judge`, :class:`PolicyStore` (``PolicyStore.load(settings.policy_dir)``),
:func:`check_policy_file`, :func:`parse_claim_json`, :func:`resolve_declaration`.
"""

from claimdocs.rules.policy import Policy, PolicyStore, check_policy_file, parse_policy  # first: no cycles
from claimdocs.rules.declaration import ResolvedDeclaration, parse_claim_json, resolve_declaration
from claimdocs.extract.parsers import parse_capital_amount
from claimdocs.rules.flags import CHECKS, run_checks
from claimdocs.rules.judge import Judgement, decide, judge

__all__ = ["CHECKS", "Judgement", "Policy", "PolicyStore", "ResolvedDeclaration", "check_policy_file",
           "decide", "judge", "parse_capital_amount", "parse_claim_json", "parse_policy",
           "resolve_declaration", "run_checks"]
