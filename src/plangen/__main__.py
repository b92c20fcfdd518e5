"""``python -m plangen`` and the ``plangen`` console script.

Light on purpose: batch workers are started with ``spawn``, which runs the main script again in each
worker — for the console script, its ``from plangen.__main__ import entry``. The command line (typer,
~70 ms) is imported only when the command runs, not in every worker."""


def entry() -> None:
    from plangen.cli import entry as run

    run()


if __name__ == "__main__":
    entry()
