from django.urls import path

from . import views

app_name = "help"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("ask/", views.ask, name="ask"),
    path("similar/", views.similar, name="similar"),
    path("questions/<int:question_id>/", views.question, name="question"),
    path("questions/<int:question_id>/edit/", views.edit_question, name="edit"),
    path("questions/<int:question_id>/related/", views.related, name="related"),
    path("questions/<int:question_id>/answer/", views.answer, name="answer"),
    path("questions/<int:question_id>/duplicate/", views.duplicate, name="duplicate"),
    path("posts/<int:post_id>/comment/", views.comment, name="comment"),
    path("answers/<int:answer_id>/accept/", views.accept, name="accept"),
    path("answers/<int:answer_id>/vote/", views.vote, name="vote"),
]
