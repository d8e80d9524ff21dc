import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from watchroom.audit import chain, checkpoints, extensions
from watchroom.audit.context import Process
from watchroom.audit.services import checkpoint_create


class Command(BaseCommand):
    help = "Verify the audit chain, or sign a checkpoint of its head."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="recompute the whole chain")
        verify.add_argument("--checkpoint", type=Path, action="append", default=[],
                            help="also check exported checkpoint files: a file, or a folder"
                                 " of them (such as the backup store's audit-checkpoints)")
        point = sub.add_parser("checkpoint", help="sign the chain's head now")
        point.add_argument("--output", type=Path, help="write the checkpoint file here")

    def handle(self, *args, action, **options):
        if action == "verify":
            return self.verify(options["checkpoint"])
        return self.checkpoint(options.get("output"))

    def verify(self, files: list[Path]):
        sealed = chain.seal_pending()
        if sealed:
            self.stdout.write(f"sealed {sealed} pending events into the chain")
        started = time.perf_counter()
        result = chain.verify()
        seconds = time.perf_counter() - started
        failures = []
        if result.ok:
            self.stdout.write(
                f"OK: {result.count} events verified in {seconds:.2f} s; "
                f"head #{result.head_seq} {result.head_hash}"
            )
        else:
            failures.append(f"event #{result.first_bad_seq}: {result.reason}")
        for check in extensions.integrity_checks:
            count, problems = check.run()
            failures += problems
            if not problems:
                self.stdout.write(f"OK: {count} {check.name}")
        stored = checkpoints.verify_stored()
        failures += stored.failures
        if not stored.failures:
            self.stdout.write(f"OK: {stored.count} stored checkpoints form an unbroken chain")
        for given in files:
            paths = checkpoints.documents(given)
            if not paths:
                failures.append(f"no checkpoint file in {given}")
            for path in paths:
                try:
                    text = path.read_text(encoding="utf-8")
                except OSError as exc:
                    raise CommandError(f"cannot read checkpoint file {path}: {exc}") from None
                outcome = checkpoints.verify_document(text)
                line = f"checkpoint {path}: {outcome.reason}"
                if outcome.ok:
                    self.stdout.write(f"OK: {line}")
                else:
                    failures.append(line)
        if failures:
            for line in failures:
                self.stderr.write(f"FAILED: {line}")
            sys.exit(1)

    def checkpoint(self, output: Path | None):
        point = checkpoint_create(actor=Process("audit checkpoint command"))
        document = checkpoints.export(point)
        if output:
            output.write_text(document, encoding="utf-8")
            self.stdout.write(f"checkpoint of event #{point.seq} written to {output}")
        else:
            self.stdout.write(document)
