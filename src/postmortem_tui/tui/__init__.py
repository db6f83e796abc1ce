"""The Textual app: screens, the editor's panes, reusable widgets, forms and styles.

Layers inside, each importing only those below it: `app` -> `screens` -> `panes` ->
`forms` and `widgets` -> `keys`. Nothing here imports the command line.
"""
