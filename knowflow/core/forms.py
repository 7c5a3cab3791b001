"""Form helpers every app's views share."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def add_action_errors(form, exc: ValidationError) -> None:
    """Put an action's ValidationError on the form that fed it: per field where the action
    named one the form has, else as a form-wide error (so nothing is lost on the page)."""
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)
