"""Watchroom: runs a CCTV monitoring room by its rules."""

__version__ = "0.1.0"
