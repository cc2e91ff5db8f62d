from django.utils.translation import gettext_lazy as _

from palabre.core.registry import SpaceType, space_types

space_types.register(
    SpaceType(
        kind="process",
        label=_("Participatory process"),
        label_plural=_("Participatory processes"),
        url_prefix="processes",
        has_steps=True,
        metadata_fields=(
            ("objectives", _("Objectives")),
            ("target", _("Who participates")),
            ("participatory_scope", _("What is decided")),
            ("participatory_structure", _("How is it decided")),
            ("organizer", _("Organizer")),
            ("local_area", _("Area concerned")),
            ("announcement_rules", _("Participation rules")),
        ),
        public_urls="palabre.spaces.processes.urls",
        admin_urls="palabre.spaces.processes.admin_urls",
    )
)
