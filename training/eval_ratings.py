"""`python -m training.eval_ratings`: the leave-one-source-out agreement of the publisher ratings."""
import sys

if __name__ == "__main__":
    from training.ratings.evaluate import main

    sys.exit(main())
