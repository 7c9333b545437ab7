"""`python -m scorer.spark`: the old name of `python -m jobs.spark` (the optional Spark job, outside the library)."""
import sys

if __name__ == "__main__":
    from jobs.spark import main

    sys.exit(main())
