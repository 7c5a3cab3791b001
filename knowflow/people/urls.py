from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.me, name="me"),
    path("me/edit/", views.edit_profile, name="edit"),
    path("me/photo/", views.upload_photo, name="upload_photo"),
    path("me/photo/remove/", views.remove_photo, name="remove_photo"),
    path("me/timeline/", views.add_timeline_entry, name="add_timeline"),
    path("me/timeline/<int:entry_id>/delete/", views.delete_timeline_entry, name="delete_timeline"),
    path("autocomplete/", views.autocomplete, name="autocomplete"),
    path("<int:user_id>/", views.profile, name="profile"),
]
