import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "watchroom.settings")
application = get_wsgi_application()

# What the worker loaded stays for its life: keep it out of the collector's full passes,
# so that they cost per request what the request left, not the whole application.
gc.freeze()
