"""Benchmarks of the SSP Platform. ``make bench`` runs every ``bench/bench_*.py`` module's ``main()``."""
