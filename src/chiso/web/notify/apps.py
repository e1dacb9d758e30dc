from __future__ import annotations

from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "chiso.web.notify"
    label = "notify"

    def ready(self) -> None:
        from chiso.web.entry.signals import moved
        from chiso.web.notify.events import on_move

        moved.connect(on_move, dispatch_uid="chiso.web.notify.on_move")
