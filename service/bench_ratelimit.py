"""`python -m service.bench_ratelimit`: the old name of `python -m benchmarks.ratelimit`."""
import sys

if __name__ == "__main__":
    from benchmarks.ratelimit import main

    sys.exit(main())
