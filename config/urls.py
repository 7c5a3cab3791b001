from django.contrib import admin
from django.urls import include, path

from knowflow.core import views as core_views
from knowflow.posts import views as posts_views

from .api import api

admin.site.site_header = "Knowflow administration"
admin.site.site_title = "Knowflow admin"

urlpatterns = [
    path("", posts_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("__hello__", core_views.hello, name="hello"),
    path("media/<path:name>", core_views.media, name="media"),
    path("admin/", admin.site.urls),
    path("accounts/", include("knowflow.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("people/", include("knowflow.people.urls")),
    path("topics/", include("knowflow.topics.urls")),
    path("org/", include("knowflow.org.urls")),
    path("network/", include("knowflow.network.urls")),
    path("notifications/", include("knowflow.notifications.urls")),
    path("posts/", include("knowflow.posts.urls")),
    path("help/", include("knowflow.help.urls")),
    path("search/", include("knowflow.search.urls")),
    path("experts/", include("knowflow.expertise.urls")),
    path("api/v1/", api.urls),
]
