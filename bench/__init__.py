"""Benchmarks: cold imports and warm request latency (``make bench``)."""
