"""Benchmarks: each compares the gateway with the same work done directly, in one run."""
