"""User text on its way to the screen: the core's one sanitiser (`core.terminal_text`) as
Rich text and strips (`shown`), and the fields that edit user text (`input_field`,
`area_field`), which show it safely and hold no more than a postmortem may.

The modules are imported one by one: the text area's module brings Textual's TextArea.
"""
