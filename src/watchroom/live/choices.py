"""The wall's choices: how many tiles a grid has, and the streams a tile plays."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GridSize(models.IntegerChoices):
    ONE = 1, _("1 tile")
    FOUR = 4, _("2 × 2")
    NINE = 9, _("3 × 3")
    SIXTEEN = 16, _("4 × 4")


class Stream(models.TextChoices):
    MAIN = "main", _("main stream")
    SUB = "sub", _("sub-stream")
