class TransitionError(Exception):
    """A change the rules do not allow. The message says what to do instead and is shown to the person."""


class EditConflict(Exception):
    """Someone saved the same item after this editor opened it. `current` holds the saved values by field."""

    def __init__(self, current: dict):
        super().__init__("Someone else saved changes while you were editing")
        self.current = current
