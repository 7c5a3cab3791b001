from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.my_network, name="mine"),
    path("people/<int:user_id>/follow/", views.toggle_follow_person, name="follow_person"),
    path("people/<int:user_id>/trust/", views.toggle_trust, name="trust"),
    path("topics/<slug:slug>/follow/", views.toggle_follow_topic, name="follow_topic"),
    path(
        "departments/<slug:slug>/follow/", views.toggle_follow_department, name="follow_department"
    ),
]
