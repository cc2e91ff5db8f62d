"""Sentences of the activity log for verifications (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action, register_resource_type
from palabre.verifications.models import CensusUpload, Verification
from palabre.verifications.registry import methods


def _method(data: dict) -> dict:
    method = methods.get(data.get("method", ""))
    return {"method": method.label if method else data.get("method", "?")}


register_resource_type(
    "verification", _("Verification"), _("the verification “%(label)s”"), model=Verification
)
register_resource_type("censusupload", _("Census"), _("the census “%(label)s”"), model=CensusUpload)
register_action(
    "verification_grant",
    _("Verification granted"),
    _("%(who)s was granted the verification “%(method)s”."),
    details=_method,
)
register_action(
    "verification_grant_to",
    _("Verification granted"),
    _("%(who)s granted %(person)s the verification “%(method)s”."),
    details=lambda data: {**_method(data), "person": data.get("person", "?")},
)
register_action(
    "verification_conflict",
    _("Verification conflict"),
    _(
        "%(who)s presented for “%(method)s” an identity already verified for another "
        "account: a conflict waits for staff."
    ),
    details=_method,
)
register_action(
    "verification_reject",
    _("Verification rejected"),
    _("%(who)s rejected %(item)s."),
)
register_action(
    "verification_revoke",
    _("Verification revoked"),
    _("%(who)s revoked %(item)s."),
)
register_action(
    "verifications_revoke_all",
    _("Verifications revoked"),
    _("%(who)s revoked %(count)s verifications “%(method)s”."),
    details=lambda data: {**_method(data), "count": data.get("count", "?")},
)
register_action(
    "verification_methods_set",
    _("Verification methods chosen"),
    _("%(who)s changed the verification methods offered to participants."),
)
register_action(
    "verification_method_configure",
    _("Verification method set up"),
    _("%(who)s changed the settings of the verification “%(method)s”."),
    details=_method,
)
register_action(
    "verification_rate_limited",
    _("Verification refused: too many tries"),
    _("%(who)s was refused the verification “%(method)s” after too many tries."),
    details=_method,
)
register_action(
    "verification_attempt_failed",
    _("Verification attempt failed"),
    _("%(who)s tried the verification “%(method)s” without success."),
    details=_method,
)
register_action(
    "census_upload",
    _("Census uploaded"),
    _(
        "%(who)s uploaded a census of %(count)s people; %(revoked)s verifications it no "
        "longer supports were revoked."
    ),
    details=lambda data: {"count": data.get("count", "?"), "revoked": data.get("revoked", 0)},
)

# Identity documents, postal letters, conflicts and revocations by staff.
from palabre.verifications import log_actions_documents  # noqa: E402, F401
