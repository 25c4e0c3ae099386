import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The system checks do not run when a WSGI server loads the app: a production server on a demo database must
# still refuse to start (sightline.E001).
from sightline.core.checks import refuse_demo_data_in_production  # noqa: E402

refuse_demo_data_in_production()
