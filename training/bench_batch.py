"""`python -m training.bench_batch`: the old name of `python -m benchmarks.batch`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from benchmarks.batch import main

    sys.exit(main())
