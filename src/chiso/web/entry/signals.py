"""Signals of the entry workflow, for the apps that react to it (notifications) without the workflow knowing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by workflow._move inside its transaction, with submission, action (save, submit, approve, reject,
# reopen), user and comment; a receiver that tells anyone should wait for the commit (transaction.on_commit).
moved = Signal()
