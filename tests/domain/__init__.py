"""The pure-domain tier: rules on in-memory objects, no database, no files, no clock."""
