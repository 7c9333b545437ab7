"""`python -m training.ceiling`: the old name of `python -m training.reliability.ceiling`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from training.reliability.ceiling import main

    sys.exit(main())
