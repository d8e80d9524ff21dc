import signal
import subprocess

from django.core.management.base import BaseCommand

from watchroom.recording.recorder import testcameras


class Command(BaseCommand):
    help = "Run local test-pattern cameras (UDP MPEG-TS on loopback) for the demo."

    def add_arguments(self, parser):
        parser.add_argument("--base-port", type=int, default=56100)
        parser.add_argument("--count", type=int, default=4)

    def handle(self, *args, base_port, count, **options):
        for index in range(count):
            self.stdout.write(f"test camera {index + 1}: {testcameras.url(base_port, index)}")
            if testcameras.sub_url(base_port, index):
                self.stdout.write(f"  sub-stream: {testcameras.sub_url(base_port, index)}")
        child = subprocess.Popen(testcameras.ffmpeg_command(base_port, count))

        def stop(*_args):
            child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = child.wait()
        raise SystemExit(0 if code in (0, 255, -15) else code)
