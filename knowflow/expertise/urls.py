from django.urls import path

from . import views

app_name = "expertise"

urlpatterns = [
    path("", views.who_knows, name="experts"),
    path("invitations/", views.invitations, name="invitations"),
    path("could-answer/", views.could_answer, name="could_answer"),
    path("answers/", views.figures, name="figures"),
    path("invitations/<int:invitation_id>/decline/", views.decline, name="decline"),
    path("invitations/<int:invitation_id>/forward/", views.forward, name="forward"),
    path("questions/<int:question_id>/helpers/", views.question_helpers, name="question_helpers"),
    path("people/<int:user_id>/endorse/<slug:slug>/", views.endorse, name="endorse"),
]
