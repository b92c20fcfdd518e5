"""``python -m plangen``. Guarded: batch workers are started with ``spawn``, which imports the main
module again in every worker."""

from plangen.cli import entry

if __name__ == "__main__":
    entry()
