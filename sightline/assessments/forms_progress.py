from django import forms

from . import uploads
from .models import ActionArising

Rag = ActionArising.Rag


class ProgressForm(forms.Form):
    """Where one action stands in the progress round. Each action's form has its own prefix, so several sit on
    one page with distinct ids."""

    progress = forms.ChoiceField(
        label="How far has it got?",
        choices=ActionArising.Progress.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how far the action has got",
            "invalid_choice": "Choose not started, in progress or complete",
        },
    )
    rag = forms.ChoiceField(
        label="Is it on track?",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a RAG rating: green, amber or red",
            "invalid_choice": "Choose green, amber or red",
        },
    )
    commentary = forms.CharField(
        label="Commentary",
        required=False,
        max_length=5000,
        help_text="What has been done. If it is amber or red, say why and what is being done about it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the commentary under 5,000 characters"},
    )
    evidence = forms.FileField(
        label="Evidence of progress (optional)",
        required=False,
        help_text=f"One file each time you save. You can upload {uploads.ACCEPTED}.",
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rag") in (Rag.AMBER, Rag.RED) and not (cleaned.get("commentary") or "").strip():
            self.add_error(
                "commentary",
                "Enter commentary: say why the action is at risk or off track and what is being done about it",
            )
        return cleaned


def initial_for(action: ActionArising) -> dict:
    """The form as the action stands; evidence is never pre-filled (each file is added once)."""
    return {"progress": action.progress, "rag": action.rag, "commentary": action.commentary}
