from django_tasks import task

from watchroom.footage import exporting


@task()
def build_export_task(export_id: int):
    export = exporting.build_export(export_id)
    return {"state": export.state, "sha256": export.sha256}
