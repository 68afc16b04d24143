"""Tools for developing the dashboard that are not part of it: `python -m tools.synth` writes synthetic
datasets for the benchmarks and tests. Not installed with the package."""
