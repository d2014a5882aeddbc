"""The reimbursable amount and its trace (domain.md §7); see :mod:`.formula`."""

from claimdocs.reimburse.formula import (
    Amounts,
    Case,
    Priced,
    Tariff,
    compute_reimbursement,
    eligible_amount,
    largest_reduction,
    price,
    split_amounts,
    zero_reasons,
)

__all__ = ["Amounts", "Case", "Priced", "Tariff", "compute_reimbursement", "eligible_amount",
           "largest_reduction", "price", "split_amounts", "zero_reasons"]
