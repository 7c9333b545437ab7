"""`python -m training.bench_model`: the old name of `python -m benchmarks.model`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from benchmarks.model import main

    sys.exit(main())
