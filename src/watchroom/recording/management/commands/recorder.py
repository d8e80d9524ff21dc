import signal

from django.core.management.base import BaseCommand, CommandError

from watchroom.recording.recorder.locking import RecorderAlreadyRunning
from watchroom.recording.recorder.process import Recorder


class Command(BaseCommand):
    help = "Record every camera assigned to this machine's Watchroom recorder."

    def add_arguments(self, parser):
        parser.add_argument("--node", default="", help="code of the Watchroom recorder to run as")
        parser.add_argument("--segment-seconds", type=int, default=None)

    def handle(self, *args, node, segment_seconds, **options):
        recorder = Recorder(node=node, segment_seconds=segment_seconds)
        try:
            recorder.take_lock()
        except RecorderAlreadyRunning as exc:
            raise CommandError(str(exc)) from None
        signal.signal(signal.SIGTERM, lambda *_: recorder.stop())
        signal.signal(signal.SIGINT, lambda *_: recorder.stop())
        self.stdout.write(f"recorder started (segments of {recorder.segment_seconds} s)")
        recorder.run()
        self.stdout.write("recorder stopped")
