"""The terminal width the layout changes at.

Below NARROW_WIDTH columns the app has the class `-narrow`, and the styles follow it: the
summary puts one field on a line. Widgets that draw their own text (the footer, the pane bar,
the summary's first-frame sketch) read the width themselves. (Not Textual's
`HORIZONTAL_BREAKPOINTS`: they set a class at every width, restyling every screen at start-up;
this one is set only on a narrow terminal.)
"""

from __future__ import annotations

#: The width the app is laid out for; narrower terminals get the class NARROW.
NARROW_WIDTH = 80
NARROW = "-narrow"
