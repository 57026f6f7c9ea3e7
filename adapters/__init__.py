"""The edge of the world: the clock, the document store, the PDF converter. The domain (models/, reviewers/)
sees only the small protocols in models/ports.py; entry points (api/, flows/, scripts/) choose these implementations."""
