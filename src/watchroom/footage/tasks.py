from django_tasks import task

from watchroom.audit.context import Process
from watchroom.footage import export_runs, exporting


@task()
def build_export_task(export_id: int):
    export = exporting.build_export(export_id)
    return {"state": export.state, "sha256": export.sha256}


@task()
def reap_stalled_exports_task():
    """Exports whose worker went silent: failed, cleaned up, retried (see export_runs)."""
    return export_runs.export_stalled_reap(actor=Process("worker"))
