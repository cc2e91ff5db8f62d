"""Sentences of the activity log for blogs (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.components.blogs.models import Post
from palabre.core.action_log import register_resource_type

register_resource_type("post", _("Post"), _("the post “%(label)s”"), model=Post)
