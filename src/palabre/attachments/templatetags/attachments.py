"""`{% attachment_list attachments %}`: the images and documents of a resource.

The list is given (read once by the page's view), so showing it costs no query; with
`remove_url` (ending with "/"), each file gets a button posting to `<remove_url><id>/delete/`.
"""

from django import template

register = template.Library()


@register.inclusion_tag("attachments/_list.html")
def attachment_list(attachments, remove_url: str = "", heading_level: int = 2):
    attachments = list(attachments)
    return {
        "images": [attachment for attachment in attachments if attachment.is_image],
        "documents": [attachment for attachment in attachments if not attachment.is_image],
        "remove_url": remove_url,
        "heading": f"h{heading_level}",
    }
