"""`python -m training.train_attribution`: the old name of `python -m training.attribution.train`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from training.attribution.train import main

    sys.exit(main())
