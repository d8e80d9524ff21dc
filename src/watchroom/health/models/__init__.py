"""Camera health's tables, one module per concern."""

from watchroom.health.models.blocks import CameraBlock
from watchroom.health.models.changes import CameraChange
from watchroom.health.models.checks import HealthCheck, ProbeSource
from watchroom.health.models.clock import ClockReading
from watchroom.health.models.references import ReferenceImage

__all__ = ["CameraBlock", "CameraChange", "ClockReading", "HealthCheck", "ProbeSource",
           "ReferenceImage"]
