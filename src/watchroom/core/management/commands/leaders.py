import secrets

from django.core.management.base import BaseCommand, CommandError

from watchroom.audit.context import Process
from watchroom.core.models import Department
from watchroom.core.roles import GUARDED_ROLES
from watchroom.core.services.installation import leaders_install
from watchroom.rules import RuleViolation


class Command(BaseCommand):
    help = ("Installation: make the first security chief, deputy director and administrator "
            "without confirmation; refused once a leader exists.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument(
            "--person", action="append", required=True, metavar="USER,NAME,EMPLOYEE_NO,ROLE",
            help="one person; ROLE is one of " + ", ".join(sorted(GUARDED_ROLES))
            + "; repeat for each person")
        parser.add_argument("--department", help="department code for everybody named")

    def handle(self, *args, action, person, department, **options):
        dept = None
        if department:
            dept = Department.objects.filter(code=department).first()
            if dept is None:
                raise CommandError(f"no department with code {department}")
        people = []
        for text in person:
            parts = [p.strip() for p in text.split(",")]
            if len(parts) != 4 or not all(parts):
                raise CommandError(f"--person {text!r}: give USER,NAME,EMPLOYEE_NO,ROLE")
            username, full_name, employee_no, role = parts
            people.append({"username": username, "full_name": full_name,
                           "employee_no": employee_no, "role": role, "department": dept,
                           "password": secrets.token_urlsafe(12),
                           "temporary_password": True})
        try:
            leaders_install(actor=Process("command line"), people=people)
        except RuleViolation as exc:
            raise CommandError(str(exc)) from None
        for p in people:
            self.stdout.write(f"{p['username']} ({p['role']}): one-time password "
                              f"{p['password']}")
        self.stdout.write("Hand each person their password in person; each signs in, "
                          "chooses a password of their own and enrols an authenticator.")
