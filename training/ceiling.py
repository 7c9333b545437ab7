"""Old name of `python -m training.reliability.ceiling`, kept so that scripts calling `python -m training.ceiling` still work."""
import sys

if __name__ == "__main__":
    from training.reliability.ceiling import main

    sys.exit(main())
