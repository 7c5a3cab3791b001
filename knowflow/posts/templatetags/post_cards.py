"""{% post_cards posts %} and {% post_card post %}: see knowflow/posts/cards.py."""

from __future__ import annotations

from django import template

from knowflow.posts.cards import render_cards

register = template.Library()


@register.simple_tag(takes_context=True)
def post_cards(context, posts, show_context=False, in_thread=False, pinned=False):
    return render_cards(
        context, posts, show_context=show_context, in_thread=in_thread, pinned=pinned
    )


@register.simple_tag(takes_context=True)
def post_card(context, post, show_context=False, in_thread=False):
    return render_cards(context, [post], show_context=show_context, in_thread=in_thread)
