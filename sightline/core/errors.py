class TransitionError(Exception):
    """A change the rules do not allow. The message says what to do instead and is shown to the person."""
