"""`python -m training.eval_attribution`: the old name of `python -m training.attribution.evaluate`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from training.attribution.evaluate import main

    sys.exit(main())
