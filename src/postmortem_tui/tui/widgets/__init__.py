"""Reusable widgets: the list editor, the header, the pane bar, the review coach."""
