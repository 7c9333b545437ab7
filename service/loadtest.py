"""Old name of `python -m benchmarks.loadtest`, kept so that scripts calling `python -m service.loadtest` still work."""
import sys

if __name__ == "__main__":
    from benchmarks.loadtest import main

    sys.exit(main())
