from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sightline.assessments.services import TemplateRefused, template_check, template_load


class Command(BaseCommand):
    help = "Check and load assessment templates (all of library/*.yaml by default). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Template files; default: every library/*.yaml")

    def handle(self, *args, files=(), **options):
        paths = [Path(name) for name in files] or sorted((Path(settings.BASE_DIR) / "library").glob("*.yaml"))
        if not paths:
            raise CommandError("No template files found in library/.")
        contents, problems = {}, []
        for path in paths:
            try:
                contents[path] = path.read_bytes()
            except OSError as error:
                problems.append(f"{path}: cannot be read ({error.strerror})")
                continue
            try:
                template_check(content=contents[path], filename=str(path))
            except TemplateRefused as refused:
                problems.extend(refused.problems)
        if problems:
            raise CommandError("Nothing was loaded:\n  " + "\n  ".join(problems))
        with transaction.atomic():
            for path, content in contents.items():
                outcome = template_load(by=None, content=content, filename=str(path))
                state = "loaded" if outcome.created else "already loaded, unchanged"
                self.stdout.write(f"{outcome.template.key} version {outcome.template.version}: {state}")
