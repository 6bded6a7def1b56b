"""Qt item models over the case store: lazy, filtered in SQL, refreshed by the session."""

from osint_desk.ui.models.navigator_models import (
    EntitiesModel,
    RelationshipsModel,
    SanctionsModel,
    SourcesModel,
    TagsModel,
)
from osint_desk.ui.models.paged import (
    ID_ROLE,
    KIND_ROLE,
    PAGE_SIZE,
    PagedListModel,
)

__all__ = [
    "ID_ROLE",
    "KIND_ROLE",
    "PAGE_SIZE",
    "EntitiesModel",
    "PagedListModel",
    "RelationshipsModel",
    "SanctionsModel",
    "SourcesModel",
    "TagsModel",
]
