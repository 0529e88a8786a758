"""The channels of the service being edited, in the order the card and handouts show them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desk_app.domain.catalogue import Channel
from desk_app.i18n import _, ui_language
from desk_app.labels import label

ROOT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex
CODE_ROLE = Qt.ItemDataRole.UserRole + 1


def channel_text(channel: Channel) -> str:
    """ "Visiting place: Pointti, neuvontatiski" (the kind first: several share a name)."""
    return _("{kind}: {name}").format(
        kind=label(channel.kind), name=channel.name.text(ui_language()) or channel.code
    )


class ChannelListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._channels: list[Channel] = []

    def set_channels(self, channels: Sequence[Channel]) -> None:
        self.beginResetModel()
        self._channels = list(channels)
        self.endResetModel()

    def codes(self) -> list[str]:
        return [c.code for c in self._channels]

    def row_of(self, code: str) -> int | None:
        codes = self.codes()
        return codes.index(code) if code in codes else None

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._channels)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._channels):
            return None
        channel = self._channels[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return channel_text(channel)
        if role == Qt.ItemDataRole.ToolTipRole:
            return channel.code
        if role == CODE_ROLE:
            return channel.code
        return None
