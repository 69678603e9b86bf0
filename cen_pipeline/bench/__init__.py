"""Benchmarks of every stage, run by `python -m cen_pipeline.bench [step ...]`."""
