"""Sentences of the activity log for comments (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.comments.models import Comment
from palabre.core.action_log import register_resource_type

# A comment's label is its number ("#42"); the type is named in the plural, as the
# singular "Comment" is the verb of the comment buttons.
register_resource_type("comment", _("Comments"), _("the comment %(label)s"), model=Comment)
