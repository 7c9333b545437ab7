"""`python -m training.build_ratings`: the old name of `python -m training.ratings.build`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from training.ratings.build import main

    sys.exit(main())
