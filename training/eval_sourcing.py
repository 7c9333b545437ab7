"""`python -m training.eval_sourcing`: the short name of `python -m training.sourcing.evaluate`."""
import sys

if __name__ == "__main__":
    from training.sourcing.evaluate import main

    sys.exit(main())
