from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("departments/", views.department_list, name="departments"),
    path("departments/<slug:slug>/", views.department_detail, name="department"),
]
