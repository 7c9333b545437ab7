"""Old name of `python -m benchmarks.batch`, kept so that scripts calling `python -m training.bench_batch` still work."""
import sys

if __name__ == "__main__":
    from benchmarks.batch import main

    sys.exit(main())
