"""`python -m training.train`: the old name of `python -m training.reliability.train`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from training.reliability.train import main

    sys.exit(main())
