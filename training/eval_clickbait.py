"""`python -m training.eval_clickbait`: the old name of `python -m training.clickbait.evaluate`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from training.clickbait.evaluate import main

    sys.exit(main())
