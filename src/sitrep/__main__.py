"""`python -m sitrep ...` behaves exactly like the `sitrep` command."""

from sitrep.cli import main

if __name__ == "__main__":
    main()
