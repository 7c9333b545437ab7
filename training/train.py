"""Old name of `python -m training.reliability.train`, kept so that scripts calling `python -m training.train` still work."""
import sys

if __name__ == "__main__":
    from training.reliability.train import main

    sys.exit(main())
