"""Old name of `python -m training.reliability.check_ordering`, kept so that scripts calling `python -m training.check_ordering` still work."""
import sys

if __name__ == "__main__":
    from training.reliability.check_ordering import main

    sys.exit(main())
