"""Reads of staged register imports, always within one partnership."""

from __future__ import annotations

from ..models import Partnership
from ..models_import import RegisterImport


def register_import_for(*, partnership: Partnership, import_id) -> RegisterImport | None:
    return RegisterImport.objects.filter(partnership=partnership, pk=import_id).first()
