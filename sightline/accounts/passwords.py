"""Password rules beyond Django's own (QUALITY.md A2): long passphrases allowed, context words refused."""

import re

from django.core.exceptions import ValidationError

CONTEXT_WORDS = ("sightline", "safeguarding", "partnership", "password")


class MaximumLengthValidator:
    max_length = 128

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                f"Password must be {self.max_length} characters or fewer", code="password_too_long"
            )

    def get_help_text(self):
        return f"Passwords can be up to {self.max_length} characters; a long passphrase is best."


class ContextPasswordValidator:
    """Refuse passwords that are little more than the service's own name or an obvious word."""

    def validate(self, password, user=None):
        folded = re.sub(r"[^a-z]", "", password.lower())
        for word in CONTEXT_WORDS:
            if word in folded and len(folded) - len(word) < 6:
                raise ValidationError(
                    "Password is too easy to guess: do not build it on a word like '%(word)s'",
                    code="password_context",
                    params={"word": word},
                )

    def get_help_text(self):
        return "Do not base your password on the name of this service."
