"""The `postmortem` command: argparse sub-commands that call storage and the core and print.

The full-screen app (`tui`) is imported only by the sub-commands that start it.
"""
