"""Modal forms and confirmations: each a `ModalScreen[T]` that returns its answer."""
