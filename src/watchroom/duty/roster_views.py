"""Roster views by week and per person, and the month's roster as an Excel workbook."""

patterns: list = []
