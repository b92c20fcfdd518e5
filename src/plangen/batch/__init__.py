"""Committee-level work: rosters of branches (the batch command builds on this)."""
