from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from watchroom.footage import verify


class Command(BaseCommand):
    help = "Footage export packages: verify a package offline; build a queued export."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="check a package's signature and every file")
        check.add_argument("package", type=Path)
        check.add_argument("--key", default="",
                           help="the SHA-256 fingerprint the signing key must have")
        build = sub.add_parser("build", help="build a queued export now")
        build.add_argument("export_id", type=int)

    def handle(self, *args, action, **options):
        if action == "verify":
            report = verify.verify(options["package"], options["key"])
            for problem in report.problems:
                self.stderr.write(f"FAILED: {problem}")
            if not report.ok:
                raise CommandError(f"{options['package']}: {len(report.problems)} problem(s)")
            self.stdout.write(
                f"{options['package']}: request {report.number}, {report.checked} file(s) "
                f"match the signed manifest; signing key {report.fingerprint}")
            return
        from watchroom.footage import exporting

        export = exporting.build_export(options["export_id"])
        self.stdout.write(f"export {export.pk}: {export.state} {export.sha256}")
