"""`python -m training.bench_throughput`: the old name of `python -m benchmarks.throughput`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from benchmarks.throughput import main

    sys.exit(main())
