"""Which health causes an approved block or change excuses (R-EQUIP-4, R-EQUIP-5)."""


def suppressed(camera, cause: str, at) -> str | None:
    return None
