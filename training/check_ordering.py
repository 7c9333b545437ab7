"""`python -m training.check_ordering`: the old name of `python -m training.reliability.check_ordering`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from training.reliability.check_ordering import main

    sys.exit(main())
