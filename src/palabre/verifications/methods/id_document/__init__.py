"""Identity document: the person sends a picture or a PDF of an identity document with the
identity it shows, or says they will show it at the counter; staff compare, then accept or
reject with a reason. The file is deleted once reviewed.

The `unique_id` of a grant is a keyed hash of the document's type and number: the same
document presented by a second account becomes a conflict for staff.
"""

from django.utils.translation import gettext_lazy as _

from palabre.core.registry import account_deletions
from palabre.verifications.registry import STAFF, VerificationMethod, methods

NAME = "id_document"

methods.register(
    VerificationMethod(
        name=NAME,
        label=_("Identity document"),
        description=_(
            "Send a photo or a scan of an identity document, or show it at the counter: "
            "the organization's staff check it."
        ),
        kind=STAFF,
        public_urls="palabre.verifications.methods.id_document.urls",
        admin_urls="palabre.verifications.methods.id_document.admin_urls",
        metadata_fields=("postal_code", "birth_date"),
    )
)


def _delete_files_of(*, user, **kwargs) -> None:
    from palabre.verifications.methods.id_document.services import id_documents_forget

    id_documents_forget(user=user)


# A deleted account leaves no identity document behind (its verifications go with it).
account_deletions.append(_delete_files_of)
