"""`python -m training.train_clickbait`: the old name of `python -m training.clickbait.train`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from training.clickbait.train import main

    sys.exit(main())
