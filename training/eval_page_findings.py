"""`python -m training.eval_page_findings`: the short name of `python -m training.page_findings.evaluate`."""
import sys

if __name__ == "__main__":
    from training.page_findings.evaluate import main

    sys.exit(main())
