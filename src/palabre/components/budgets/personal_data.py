"""What participatory budgets keep about a person, for their archive: their baskets."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from palabre.components.budgets.models import Order, OrderLine
from palabre.core.mail import organization_url
from palabre.core.translations import translated
from palabre.privacy.registry import Section, register_section


def basket_rows(user, organization):
    orders = (
        Order.objects.filter(user=user, budget__component__space__organization=organization)
        .select_related("budget__component__space")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("project").order_by("pk"))
        )
        .order_by("created_at", "pk")
    )
    for order in orders:
        yield {
            "budget": translated(order.budget.title),
            "projects": "; ".join(translated(line.project.title) for line in order.lines.all()),
            "voted_at": order.checked_out_at,
            "started_at": order.created_at,
            "source": order.get_source_display(),
            "link": organization_url(organization, order.budget.get_absolute_url()),
        }


register_section(
    Section(
        name="budget_votes",
        label=_("Your votes in participatory budgets"),
        columns=(
            ("budget", _("The budget")),
            ("projects", _("The projects in your basket")),
            ("voted_at", _("When your vote was cast (empty: a basket not cast)")),
            ("started_at", _("When you started the basket")),
            ("source", _("Online, or entered from a paper ballot")),
            ("link", _("The budget's address on the site")),
        ),
        rows=basket_rows,
    )
)
