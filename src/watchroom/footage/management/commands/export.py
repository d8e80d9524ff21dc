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
        check.add_argument("--originals", action="store_true",
                           help="on the server: cut every clip again from the sealed "
                                "originals and compare")
        build = sub.add_parser("build", help="build a queued export now")
        build.add_argument("export_id", type=int)

    def handle(self, *args, action, **options):
        if action == "verify":
            report = verify.verify(options["package"], options["key"])
            if options["originals"]:
                verify.verify_originals(options["package"], report)
            for problem in report.problems:
                self.stderr.write(f"FAILED: {problem}")
            if not report.ok:
                raise CommandError(f"{options['package']}: {len(report.problems)} problem(s)")
            self.stdout.write(
                f"{options['package']}: request {report.number}, {report.checked} file(s) "
                f"match the signed manifest; signing key {report.fingerprint}")
            if options["originals"]:
                self.stdout.write(f"{len(report.rederived)} clip(s) cut again from the "
                                  "sealed originals give the same bytes")
            return
        from watchroom.footage import exporting

        export = exporting.build_export(options["export_id"])
        self.stdout.write(f"export {export.pk}: {export.state} {export.sha256}")
