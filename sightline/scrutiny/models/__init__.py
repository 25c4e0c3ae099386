"""Independent scrutiny's records: the ISO pool and day ledger, the ISOs' reports and recommendations with the
partners' responses, and disputes."""

from .disputes import DEFAULT_STAGES, Dispute, DisputeStage, DisputeStep
from .ledger import DEFAULT_BUDGET_HALF_DAYS, DayBudget, IsoProfile, LedgerEntry
from .reports import IsoRecommendation, IsoReport, RecommendationResponse

__all__ = [
    "DEFAULT_BUDGET_HALF_DAYS",
    "DEFAULT_STAGES",
    "DayBudget",
    "Dispute",
    "DisputeStage",
    "DisputeStep",
    "IsoProfile",
    "IsoReport",
    "LedgerEntry",
    "IsoRecommendation",
    "RecommendationResponse",
]
