"""Old name of `python -m training.clickbait.evaluate`, kept so that scripts calling `python -m training.eval_clickbait` still work."""
import sys

if __name__ == "__main__":
    from training.clickbait.evaluate import main

    sys.exit(main())
