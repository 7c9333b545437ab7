"""`python -m training.eval_extraction`: the old name of `python -m training.extraction.evaluate`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from training.extraction.evaluate import main

    sys.exit(main())
