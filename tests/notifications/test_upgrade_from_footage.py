"""An installed site upgrades: the inbox's rows, written while the model lived in
footage, are read by the notifications app after migrating, in the same table."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from watchroom.core.choices import Role

BEFORE = [("footage", "0005_request_originals_as_evidence"), ("notifications", None)]


@pytest.mark.django_db(transaction=True)
def test_inbox_rows_survive_the_move_to_notifications(make_staff):
    user = make_staff(Role.OPERATOR).user
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert "notifications_delivery" not in connection.introspection.table_names()
    old_apps = executor.loader.project_state([BEFORE[0]]).apps
    OldNotification = old_apps.get_model("footage", "Notification")
    assert OldNotification._meta.db_table == "footage_notification"
    OldNotification.objects.create(user_id=user.pk, text="F-1: waiting", link="/footage/1/",
                                   created_at=timezone.now())

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from watchroom.notifications.models import Delivery, Notification

    row = Notification.objects.get()
    assert (row.user_id, row.text, row.link, row.read_at) == (user.pk, "F-1: waiting",
                                                              "/footage/1/", None)
    assert Delivery.objects.count() == 0
    assert "footage_notification" in connection.introspection.table_names()
