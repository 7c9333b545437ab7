"""Old name of `python -m training.attribution.train`, kept so that scripts calling `python -m training.train_attribution` still work."""
import sys

if __name__ == "__main__":
    from training.attribution.train import main

    sys.exit(main())
