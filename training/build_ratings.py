"""Old name of `python -m training.ratings.build`, kept so that scripts calling `python -m training.build_ratings` still work."""
import sys

if __name__ == "__main__":
    from training.ratings.build import main

    sys.exit(main())
