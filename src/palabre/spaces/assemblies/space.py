from django.utils.translation import gettext_lazy as _

from palabre.core.registry import SpaceType, space_types

space_types.register(
    SpaceType(
        kind="assembly",
        label=_("Assembly"),
        label_plural=_("Assemblies"),
        url_prefix="assemblies",
        has_steps=False,
        metadata_fields=(
            ("purpose_of_action", _("Purpose")),
            ("composition", _("Composition")),
            ("internal_organisation", _("Internal organisation")),
            ("organizer", _("Organizer")),
            ("local_area", _("Area concerned")),
        ),
        public_urls="palabre.spaces.assemblies.urls",
        admin_urls="palabre.spaces.assemblies.admin_urls",
    )
)
