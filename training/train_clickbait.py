"""Old name of `python -m training.clickbait.train`, kept so that scripts calling `python -m training.train_clickbait` still work."""
import sys

if __name__ == "__main__":
    from training.clickbait.train import main

    sys.exit(main())
