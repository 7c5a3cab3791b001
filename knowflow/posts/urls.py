from django.urls import path

from . import views

app_name = "posts"

urlpatterns = [
    path("new/", views.new_posts_banner, name="new_banner"),
    path("for-you/", views.for_you, name="for_you"),
    path("suggest/", views.suggest, name="suggest"),
    path("mute/", views.mute, name="mute"),
    path("by/<int:user_id>/", views.person_feed, name="by_person"),
    path("files/<int:attachment_id>/<str:name>", views.attachment, name="attachment"),
    path("<int:post_id>/", views.detail, name="detail"),
    path("<int:post_id>/edit/", views.edit, name="edit"),
    path("<int:post_id>/history/", views.history, name="history"),
    path("<int:post_id>/delete/", views.delete, name="delete"),
    path("<int:post_id>/react/", views.react, name="react"),
    path("<int:post_id>/thank/", views.thank, name="thank"),
    path("<int:post_id>/dismiss/", views.dismiss, name="dismiss"),
]
