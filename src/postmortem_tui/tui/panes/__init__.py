"""The editor's panes, one per section of a postmortem."""
