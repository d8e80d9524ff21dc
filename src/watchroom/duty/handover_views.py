"""Handover, attendance, absences, pre-shift checks and the room head's board."""

patterns: list = []
