import json

from django.core.management.base import BaseCommand, CommandError

from watchroom.audit.context import Process
from watchroom.recording import backup, selectors, services, verification
from watchroom.recording.choices import SegmentState
from watchroom.recording.models import Segment

ACTOR = Process("command")


class Command(BaseCommand):
    help = "Recordings: verify, reconcile, sweep, backup, backup-check."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="re-hash every sealed segment, check the disk, "
                                "and check the catalogue against the audit trail")
        verify.add_argument("--camera", help="only this camera code")
        sub.add_parser("reconcile", help="catalogue against disk: quarantine unknown files, "
                       "re-hash every sealed segment; exits 1 on any finding")
        sub.add_parser("sweep", help="remove recordings past retention and on no hold")
        sub.add_parser("backup", help="copy sealed segments to the backup store")
        check = sub.add_parser("backup-check",
                               help="what the backup store lacks, per camera and day")
        check.add_argument("--deep", action="store_true", help="compare hashes, not only sizes")
        for p in (sub.choices["backup"], check):
            p.add_argument("--target", default=None, help="folder or s3://bucket/prefix")

    def handle(self, *args, action, **options):
        if action == "verify":
            segments = Segment.objects.filter(state=SegmentState.SEALED).order_by("start")
            if options.get("camera"):
                segments = segments.filter(camera__code=options["camera"])
            counts = services.segments_verify(actor=ACTOR, segments=segments)
            unknown = selectors.unknown_files()
            for relpath in unknown:
                services.unknown_file_quarantine(actor=ACTOR, relpath=relpath)
            audit = verification.verify_against_audit(actor=ACTOR,
                                                      camera=options.get("camera") or "")
            unseen = selectors.unacknowledged_losses()
            self.stdout.write(
                f"verified {sum(counts.values())} segment(s): {counts['ok']} intact, "
                f"{counts['changed']} changed, {counts['missing']} missing; "
                f"{len(unknown)} unknown file(s) quarantined; "
                f"{unseen} unacknowledged crash or refused-segment alert(s)")
            self.stdout.write(
                f"catalogue against the audit trail: {audit['altered']} altered, "
                f"{audit['deleted']} deleted, {audit['unrecorded']} never sealed")
            if (counts["changed"] or counts["missing"] or unknown or unseen
                    or any(audit.values())):
                raise CommandError("integrity alarm: see the alerts and the audit trail")
        elif action == "reconcile":
            # The running recorder salvages .incoming itself: nothing is taken from it here.
            report = {**services.catalogue_reconcile(actor=ACTOR), "incoming": []}
            sealed = Segment.objects.filter(state=SegmentState.SEALED).order_by("start")
            counts = services.segments_verify(actor=ACTOR, segments=sealed)
            report.update(intact=counts["ok"], changed=counts["changed"])
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            if report["unknown"] or report["missing"] or report["incoming"] or counts["changed"]:
                raise CommandError("reconcile found problems: see the alerts and the audit trail")
        elif action == "sweep":
            self.stdout.write(json.dumps(services.retention_sweep(actor=ACTOR)))
        else:
            store = backup.store(options.get("target"))
            if store is None:
                raise CommandError("no backup store: set WATCHROOM_BACKUP_TARGET or --target")
            if action == "backup":
                self.stdout.write(json.dumps(services.backup_run(actor=ACTOR, store=store)))
            else:
                report = services.backup_check(store=store, deep=options["deep"])
                incomplete = [r for r in report if r["missing"] or r["altered"]]
                for row in report:
                    self.stdout.write(
                        f"{row['camera']} {row['day']}: {row['segments']} segment(s), "
                        f"{len(row['missing'])} missing, {len(row['altered'])} altered")
                if incomplete:
                    raise CommandError(f"backup incomplete for {len(incomplete)} camera-day(s)")
