"""Old name of `python -m training.extraction.evaluate`, kept so that scripts calling `python -m training.eval_extraction` still work."""
import sys

if __name__ == "__main__":
    from training.extraction.evaluate import main

    sys.exit(main())
