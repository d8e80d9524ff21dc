"""Log lines stamped with their time zone: `2026-11-27T18:02:11.204+08:00`."""

import datetime as dt
import logging


class ZonedFormatter(logging.Formatter):
    def formatTime(self, record, datefmt=None):
        moment = dt.datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")
