"""Shared fixtures: a hospital's places and one login per role, made through services."""

import itertools

import pytest
from django.db import connection

from watchroom.audit import insert_triggers, triggers
from watchroom.audit.context import Process
from watchroom.core import services as core
from watchroom.core.choices import ProfileKind, Role
from watchroom.core.roles import GUARDED_ROLES
from watchroom.core.services import installation
from watchroom.duty import picture_triggers
from watchroom.duty import triggers as duty_triggers
from watchroom.recording import triggers as segment_triggers

pytest_plugins = ["tests.support.fixtures", "tests.support.plans", "tests.support.health_records"]

PASSWORD = "Watchroom-test-2026"
SYSTEM = Process("tests")
_numbers = itertools.count(1)


@pytest.fixture(autouse=True, scope="session")
def _flush_around_audit_triggers():
    """Transactional tests empty every table between tests; the audit tables refuse
    that by design, so the test flush (only) steps around their triggers."""
    ops_class = type(connection.ops)
    original = ops_class.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(self, style, tables, reset_sequences=reset_sequences,
                              allow_cascade=allow_cascade)
        modules = (triggers, insert_triggers, segment_triggers, duty_triggers,
                   picture_triggers)
        guarded = [m for m in modules if set(m.TABLES) & set(tables)]
        if not guarded:
            return statements
        vendor = self.connection.vendor
        if vendor == "postgresql":
            return ["SET session_replication_role = replica", *statements,
                    "SET session_replication_role = DEFAULT"]
        drop = [s for m in guarded for s in m.drop_sql(vendor)]
        create = [s for m in guarded for s in m.create_sql(vendor)]
        return [*drop, *statements, *create]

    ops_class.sql_flush = sql_flush
    yield
    ops_class.sql_flush = original


@pytest.fixture(autouse=True, scope="session")
def _standard_time():
    """Watchroom's own recorder's clock is measured against a time server (R-DUTY-5): the
    tests' is a real SNTP server on loopback, in step with this machine, so that no test
    depends on whether this machine's clock is kept by NTP."""
    from django.conf import settings

    from tests.support.time_server import TimeServer

    with TimeServer() as server:
        before = settings.WATCHROOM.get("TIME_SERVER", "")
        settings.WATCHROOM["TIME_SERVER"] = server.address
        yield server
        settings.WATCHROOM["TIME_SERVER"] = before


@pytest.fixture
def system():
    return SYSTEM


@pytest.fixture
def policy(db):
    return core.policy_profile_create(
        actor=SYSTEM, kind=ProfileKind.HOSPITAL, name=f"医院标准 {next(_numbers)}",
        approval_chains={"police": ["security_chief", "deputy_director"]},
    )


@pytest.fixture
def site(policy):
    n = next(_numbers)
    return core.site_create(actor=SYSTEM, code=f"S{n}", name=f"总院区 {n}", policy=policy)


@pytest.fixture
def department(site):
    n = next(_numbers)
    return core.department_create(actor=SYSTEM, code=f"D{n}", name=f"保卫科 {n}", site=site)


@pytest.fixture
def area(site, department):
    n = next(_numbers)
    return core.area_create(actor=SYSTEM, site=site, code=f"A{n}", name=f"门诊大厅 {n}",
                            department=department)


@pytest.fixture
def room(site):
    n = next(_numbers)
    return core.room_create(actor=SYSTEM, site=site, code=f"R{n}", name=f"监控中心 {n}",
                            capacity=6)


@pytest.fixture
def make_staff(db, department):
    """Approver and administrator roles are given as the installation command gives them
    (R-SEC-1): the staff service itself refuses them."""
    def make(role: str, **extra):
        n = next(_numbers)
        guarded = role in GUARDED_ROLES
        staff = core.staff_create(
            actor=SYSTEM, username=extra.pop("username", f"{role}{n}"), password=PASSWORD,
            full_name=extra.pop("full_name", f"员工{n}"), employee_no=f"E{n:05d}",
            roles=[] if guarded else [role], department=department, **extra,
        )
        if guarded:
            installation.staff_grant_roles(actor=SYSTEM, staff=staff, roles=[role])
        return staff

    return make


@pytest.fixture
def user_of(make_staff):
    """user_of(Role.OPERATOR) → a fresh user holding that role."""
    return lambda role: make_staff(role).user


@pytest.fixture
def client_as(client, user_of):
    def login(role: str):
        client.force_login(user_of(role))
        return client

    return login


@pytest.fixture
def admin_user_(user_of):
    return user_of(Role.ADMINISTRATOR)
