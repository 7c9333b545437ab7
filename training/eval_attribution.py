"""Old name of `python -m training.attribution.evaluate`, kept so that scripts calling `python -m training.eval_attribution` still work."""
import sys

if __name__ == "__main__":
    from training.attribution.evaluate import main

    sys.exit(main())
