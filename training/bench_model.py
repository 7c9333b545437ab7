"""Old name of `python -m benchmarks.model`, kept so that scripts calling `python -m training.bench_model` still work."""
import sys

if __name__ == "__main__":
    from benchmarks.model import main

    sys.exit(main())
