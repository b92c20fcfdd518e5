"""The use cases, one module each: ``run(env, options) -> Report``.

The CLI parses arguments into a command's options, calls its ``run`` and prints the Report's
summary and exit code. A command uses the core (pipeline, library, lint, batch, wizard, importer …)
and never another command; what two commands share lives below them. This package imports nothing
at start-up, so ``plangen --help`` stays light: the CLI imports a command only when it runs.
"""
