"""`python -m training.evaluate`: the old name of `python -m training.reliability.evaluate`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from training.reliability.evaluate import main

    sys.exit(main())
