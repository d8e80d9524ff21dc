"""The picture the room head approved as a camera's scene (the scene check's reference)."""


def current_reference_path(camera):
    return None
