"""Old name of `python -m benchmarks.ratelimit`, kept so that scripts calling `python -m service.bench_ratelimit` still work."""
import sys

if __name__ == "__main__":
    from benchmarks.ratelimit import main

    sys.exit(main())
