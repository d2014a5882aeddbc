"""claimdocs: read, check and price off-site medical reimbursement claim packets."""

__version__ = "0.1.0"
