"""`python -m service.loadtest`: the old name of `python -m benchmarks.loadtest`, kept for scripts that call it."""
import sys

if __name__ == "__main__":
    from benchmarks.loadtest import main

    sys.exit(main())
