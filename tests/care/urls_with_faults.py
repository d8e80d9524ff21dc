"""The site's URLs with a stand-in fault report page in the care namespace: what the
work order page links to once faults are installed."""

from django.http import HttpResponse
from django.urls import include, path

from watchroom import urls as site_urls
from watchroom.care import urls as care_urls


def fault_report(request):
    return HttpResponse("fault report")


care = ([*care_urls.urlpatterns, path("faults/report/", fault_report, name="fault_report")],
        "care")
urlpatterns = [p if str(p.pattern) != "care/" else path("care/", include(care))
               for p in site_urls.urlpatterns]
handler403 = site_urls.handler403
handler404 = site_urls.handler404
