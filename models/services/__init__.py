"""Use cases: one function, one transaction. Entry points (api/, flows/) call these and nothing deeper."""
