"""Synthetic claim packets with ground truth, for tests and benchmarks.

Entry points: :func:`samples.generate.make_packet` and ``python -m samples.generate``.
See ``samples/README.md`` for the knobs and the ``truth.json`` format.
"""
