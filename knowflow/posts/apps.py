from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "knowflow.posts"
    label = "posts"
