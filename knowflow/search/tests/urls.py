"""The project's URLs, plus help/ while config.urls does not mount it yet (see conftest.py)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = list(project_urlpatterns)
if not any(getattr(p, "namespace", None) == "help" for p in urlpatterns):
    urlpatterns.append(path("help/", include("knowflow.help.urls")))
