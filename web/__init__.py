"""The Flask UI and API (a later issue): upload, packets, review queue, bulk import.
Nothing here yet; every view will show the report of ``claimdocs.report``."""
