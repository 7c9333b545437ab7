"""`python -m training.snapshot_reports`: the old name of `python -m benchmarks.snapshot_reports`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from benchmarks.snapshot_reports import main

    sys.exit(main())
