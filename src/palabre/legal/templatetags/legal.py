"""`{% legal_footer %}`: the links to the legal pages every public page ends with."""

from django import template

from palabre.legal.models import Compliance
from palabre.legal.selectors import legal_summary

register = template.Library()


@register.inclusion_tag("legal/_footer_links.html", takes_context=True)
def legal_footer(context):
    organization = context.get("organization")
    status = Compliance.NONE
    if organization is not None:
        status = legal_summary(organization.pk)["accessibility_status"]
    return {"accessibility_status": Compliance(status).label}
