"""Benchmarks, run with `knowflow bench NAME`. Results go to docs/benchmarks.md."""
