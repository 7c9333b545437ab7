"""`python -m training.train_sourcing`: the short name of `python -m training.sourcing.train`."""
import sys

if __name__ == "__main__":
    from training.sourcing.train import main

    sys.exit(main())
