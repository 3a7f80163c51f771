import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

TEACHERS = "Teachers"
PASSWORD_VARIABLE = "DJANGO_TEACHER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a teacher: a staff account in the Teachers group, able to write question sets "
        f"in the admin. Asks for a password, or with --noinput reads {PASSWORD_VARIABLE}."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Do not prompt; take the password from {PASSWORD_VARIABLE}.",
        )

    def handle(self, *args, username, email, interactive, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        user = User(username=username, email=email, is_staff=True)
        password = self.ask_password(user) if interactive else self.env_password(user)
        try:
            group = Group.objects.get(name=TEACHERS)
        except Group.DoesNotExist:
            raise CommandError("The Teachers group is missing: run manage.py migrate.") from None
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(group)
        if options["verbosity"]:
            self.stdout.write(f"Teacher {username!r} created. They can sign in at /admin/.")

    def env_password(self, user):
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if not password:
            raise CommandError(f"With --noinput, set the password in {PASSWORD_VARIABLE}.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        return password

    def ask_password(self, user):
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The passwords do not match. Try again.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
