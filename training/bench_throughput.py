"""Old name of `python -m benchmarks.throughput`, kept so that scripts calling `python -m training.bench_throughput` still work."""
import sys

if __name__ == "__main__":
    from benchmarks.throughput import main

    sys.exit(main())
