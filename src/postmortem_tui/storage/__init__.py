"""Storage: the only layer that touches the disk.

The workspace (atomic saves, history, trash, locks), the TOML file format, the index and
listing of a workspace, and the user's settings file. It builds on the core only.
"""
