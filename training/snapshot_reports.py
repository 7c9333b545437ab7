"""Old name of `python -m benchmarks.snapshot_reports`, kept so that scripts calling `python -m training.snapshot_reports` still work."""
import sys

if __name__ == "__main__":
    from benchmarks.snapshot_reports import main

    sys.exit(main())
