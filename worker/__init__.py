"""The Celery worker (a later issue): thin tasks that take ids, run one pipeline stage
(``claimdocs.pipeline.read_page`` per page, then grouping, extraction and judging) and
store its output. Nothing here yet: the pipeline is shaped for it (see README)."""
