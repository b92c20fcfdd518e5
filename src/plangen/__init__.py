"""plangen: annual work plans for Party branches and committees, from composable YAML blocks."""

__version__ = "0.1.0"
