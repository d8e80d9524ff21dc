"""Image checks on a camera's decoded picture: no signal, frozen, covered, too dark, too
bright, blurred, colour cast, and the scene changed against a reference picture.

Pictures are BGR arrays (OpenCV's order, `frame.to_ndarray(format="bgr24")` in PyAV) of
any size: every check but `frozen` works on the picture brought to WIDTH pixels across,
so a score means the same at 720p and 4K. Each check gives a score, the threshold it was
held against and a verdict; `fault` names the first failing one in ORDER.

Frozen: a live camera's picture changes in every frame even on a still scene, since the
sensor's noise is fresh each time; an encoder that repeats one picture sends the same
pixels again. So `frozen` takes the median mean absolute change between successive
pictures, on pixels sampled without averaging (averaging would remove the noise it looks
for): a camera that repeats its picture scores about zero. A camera whose encoder
smooths all noise away at a very low bitrate, on a scene where nothing moves, scores low
too; a site with such cameras lowers `frozen` (or lengthens the window).
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from itertools import pairwise

import cv2
import numpy as np

WIDTH = 320  # the working picture's width
SCENE_WIDTH = 64  # the scene comparison's: the large shapes, not their texture
CELLS = (12, 8)  # the covered check's grid, across and down
FROZEN_SAMPLE = 480  # pixels across the frozen check samples

# A failing check earlier in the list explains the later ones: a black picture is also
# dark, low in detail and unlike its reference; a turned camera's picture is often
# softer (a zoom) and of other colours.
ORDER = ("black", "frozen", "covered", "dark", "bright", "moved", "blurred", "cast")


@dataclass(frozen=True)
class Thresholds:
    """Where each check fails. Defaults for a typical indoor camera; a site overrides any
    of them (`Thresholds.of({"blurred": 0.1})`)."""

    black: float = 12.0  # brightest 1% of the picture below this grey level (0…255)
    frozen: float = 1.0  # median change between successive pictures below this (grey levels)
    covered: float = 0.6  # share of the picture's cells without detail above this
    dark: float = 45.0  # mean grey level below this
    bright: float = 200.0  # mean grey level above this
    blurred: float = 0.32  # edge sharpness (strongest gradients ÷ contrast) below this
    cast: float = 0.4  # colour cast factor (mean chroma offset ÷ chroma spread) above this
    moved: float = 0.5  # likeness of the picture's outlines to the reference's below this
    flat_cell: float = 1.8  # a cell is without detail below this spread (grey levels)

    @classmethod
    def of(cls, overrides: Mapping[str, float] | None = None) -> "Thresholds":
        known = {f.name for f in fields(cls)}
        unknown = set(overrides or {}) - known
        if unknown:
            raise ValueError(f"unknown thresholds: {', '.join(sorted(unknown))}")
        return replace(cls(), **{k: float(v) for k, v in (overrides or {}).items()})


# Which side of its threshold a check fails on.
FAILS_BELOW = {"black", "frozen", "dark", "blurred", "moved"}


@dataclass(frozen=True)
class Verdict:
    check: str
    ok: bool | None  # None: not measured (no reference, or a single picture for frozen)
    score: float | None
    threshold: float

    @property
    def status(self) -> str:
        return "skipped" if self.ok is None else ("pass" if self.ok else "fail")


@dataclass(frozen=True)
class Result:
    verdicts: tuple[Verdict, ...]

    @property
    def failed(self) -> list[str]:
        return [v.check for v in self.verdicts if v.ok is False]

    @property
    def fault(self) -> str | None:
        """The failing check that explains the picture, or None when all pass."""
        failed = self.failed
        return next((name for name in ORDER if name in failed), None)

    def __getitem__(self, check: str) -> Verdict:
        return next(v for v in self.verdicts if v.check == check)

    def as_dict(self) -> dict:
        return {"fault": self.fault,
                "checks": [asdict(v) | {"status": v.status} for v in self.verdicts]}


def _verdict(check: str, score: float | None, limits: Thresholds) -> Verdict:
    threshold = getattr(limits, check)
    if score is None:
        return Verdict(check, None, None, threshold)
    failed = score < threshold if check in FAILS_BELOW else score > threshold
    return Verdict(check, not failed, round(float(score), 4), threshold)


def _resize(picture: np.ndarray, width: int) -> np.ndarray:
    height, across = picture.shape[:2]
    size = (width, max(1, round(height * width / across)))
    if across > 2 * width:  # a cheap first step: averaging a large picture's every pixel
        # costs more than all the checks together
        picture = cv2.resize(picture, (2 * width, max(1, 2 * size[1])),
                             interpolation=cv2.INTER_LINEAR)
    interpolation = cv2.INTER_AREA if picture.shape[1] > width else cv2.INTER_LINEAR
    return cv2.resize(picture, size, interpolation=interpolation)


def as_bgr(picture: np.ndarray) -> np.ndarray:
    """A 3-channel 8-bit picture from grey, BGRA or BGR of any numeric type."""
    picture = np.asarray(picture)
    if picture.dtype != np.uint8:
        picture = np.clip(np.nan_to_num(picture), 0, 255).astype(np.uint8)
    if picture.ndim == 2:
        return cv2.cvtColor(picture, cv2.COLOR_GRAY2BGR)
    if picture.ndim != 3 or picture.shape[2] not in (3, 4) or min(picture.shape[:2]) < 1:
        raise ValueError(f"not a picture: shape {picture.shape}")
    return picture[:, :, :3] if picture.shape[2] == 4 else picture


def frozen_sample(picture: np.ndarray) -> np.ndarray:
    """The grey pixels the frozen check compares: every n-th, not averaged."""
    step = max(1, picture.shape[1] // FROZEN_SAMPLE)
    sample = np.ascontiguousarray(picture[::step, ::step])
    return cv2.cvtColor(sample, cv2.COLOR_BGR2GRAY)


def frozen_score(samples: Sequence[np.ndarray]) -> float | None:
    """The median of the mean absolute changes between successive samples; None for fewer than
    two (or samples of different sizes: the stream changed, so it is not frozen)."""
    if len(samples) < 2:
        return None
    changes = []  # the median: a frozen stream's keyframes, re-encoded, change a little
    for before, after in pairwise(samples):
        if before.shape != after.shape:
            return 255.0
        changes.append(cv2.absdiff(before, after).mean())
    return float(np.median(changes))


def _cells(grey: np.ndarray) -> np.ndarray:
    """The spread (standard deviation) of each cell of the grid over the picture."""
    across, down = CELLS
    height, width = grey.shape
    h, w = max(1, height // down), max(1, width // across)
    trimmed = grey[: h * min(down, height), : w * min(across, width)].astype(np.float32)
    blocks = trimmed.reshape(trimmed.shape[0] // h, h, trimmed.shape[1] // w, w)
    return blocks.std(axis=(1, 3))


def _grey_percentile(grey: np.ndarray, share: float) -> float:
    """The grey level below which `share` of an 8-bit picture's pixels lie."""
    counts = np.bincount(grey.ravel(), minlength=256).cumsum()
    return float(np.searchsorted(counts, share * counts[-1]))


def _sharpness(grey: np.ndarray) -> float:
    """How steep the picture's strongest edges are for its contrast: about 1 for a sharp
    edge, falling as the edge spreads over more pixels."""
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = cv2.magnitude(gx, gy)
    flat = magnitude.ravel()
    strong = float(np.partition(flat, int(0.995 * (flat.size - 1)))[int(0.995 * (flat.size - 1))])
    low, high = _grey_percentile(grey, 0.01), _grey_percentile(grey, 0.99)
    return strong / (8.0 * max(high - low, 8.0))


def _cast(picture: np.ndarray) -> float:
    """The colour cast factor: how far the mean colour is from grey, against how much
    the colours vary (a colourful scene is allowed a colourful mean)."""
    lab = cv2.cvtColor(_resize(picture, SCENE_WIDTH * 2), cv2.COLOR_BGR2LAB)
    mean, std = cv2.meanStdDev(lab)
    offset = float(np.hypot(mean[1, 0] - 128.0, mean[2, 0] - 128.0))
    spread = float(np.hypot(std[1, 0], std[2, 0]))
    return offset / max(spread, 2.0)


def outlines(picture: np.ndarray) -> np.ndarray:
    """The scene's large shapes, the same under brighter or dimmer light: the gradient
    strength of the small, contrast-equalised picture."""
    grey = cv2.cvtColor(_resize(picture, SCENE_WIDTH), cv2.COLOR_BGR2GRAY)
    grey = cv2.equalizeHist(cv2.GaussianBlur(grey, (3, 3), 0)).astype(np.float32)
    gradient = cv2.magnitude(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1))
    return gradient - gradient.mean()


@dataclass(frozen=True, eq=False)
class Reference:
    """The approved picture of a camera's scene, reduced once to what the scene check
    compares (a caller checking many pictures against it keeps this)."""

    outlines: np.ndarray

    @classmethod
    def of(cls, picture: "np.ndarray | Reference") -> "Reference":
        return picture if isinstance(picture, Reference) else cls(outlines(as_bgr(picture)))


def scene_score(picture: np.ndarray, reference: "np.ndarray | Reference") -> float:
    """How alike the picture's and the reference's shapes are, where they are: the
    correlation of their outlines, 1 for the same scene, about 0 for another."""
    mine, theirs = outlines(picture), Reference.of(reference).outlines
    if mine.shape != theirs.shape:
        theirs = cv2.resize(theirs, mine.shape[::-1], interpolation=cv2.INTER_AREA)
    norm = float(np.sqrt((mine * mine).sum() * (theirs * theirs).sum()))
    if norm < 1e-6:
        return 1.0 if not mine.any() and not theirs.any() else 0.0
    return float((mine * theirs).sum() / norm)


def check_image(picture: np.ndarray, *, reference: "np.ndarray | Reference | None" = None,
                earlier: Sequence[np.ndarray] = (), thresholds: Thresholds | None = None,
                frozen_samples: Sequence[np.ndarray] | None = None) -> Result:
    """Every check on `picture`. `earlier`: the camera's pictures before it over the
    frozen window, oldest first (or `frozen_samples`, their `frozen_sample`s, kept by a
    caller that checks a stream picture by picture); `reference`: the scene as approved
    (a picture, or its `Reference`)."""
    limits = thresholds or Thresholds()
    picture = as_bgr(picture)
    small = _resize(picture, WIDTH)
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    if frozen_samples is None:
        frozen_samples = [frozen_sample(as_bgr(p)) for p in earlier]
    samples = [*frozen_samples, frozen_sample(picture)]
    smooth = cv2.GaussianBlur(grey, (5, 5), 0)
    flat = float((_cells(smooth) < limits.flat_cell).mean())
    mean = float(grey.mean())
    scores = {
        "black": _grey_percentile(grey, 0.99),
        "frozen": frozen_score(samples),
        "covered": flat,
        "dark": mean,
        "bright": mean,
        "blurred": _sharpness(grey),
        "cast": _cast(small),
        "moved": None if reference is None else scene_score(small, reference),
    }
    return Result(tuple(_verdict(name, scores[name], limits) for name in ORDER))
