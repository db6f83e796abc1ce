"""The Textual app: screens, the editor's panes, reusable widgets, forms and styles.

Layers inside, each importing only those below it: `app` -> `screens` -> `panes` ->
`forms` and `widgets` -> `keys` and `user_text` (the one way user text reaches the screen).
Nothing here imports the command line.
"""
