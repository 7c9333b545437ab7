"""Old name of `python -m training.reliability.evaluate`, kept so that scripts calling `python -m training.evaluate` still work."""
import sys

if __name__ == "__main__":
    from training.reliability.evaluate import main

    sys.exit(main())
