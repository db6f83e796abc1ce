"""The core: plain Python with no Textual and no disk access.

The postmortem model, time entry and derived durations, the blameless review, the export
formats. Everything above (storage, cli, tui) imports from here; nothing here imports them.
"""
