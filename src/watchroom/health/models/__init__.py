"""Camera health's tables, one module per concern."""

from watchroom.health.models.checks import HealthCheck, ProbeSource

__all__ = ["HealthCheck", "ProbeSource"]

from watchroom.health.models.clock import ClockReading

__all__ += ["ClockReading"]
