"""Census: the organization uploads the list of people entitled (by email address, or by
identity: last name, first name, birth date, postal code); a participant is verified when
they match a line.

Lines are kept as keyed hashes only (`crypto.keyed_hash`), with the postal code and birth
date encrypted for the options an action may check. A file with one wrong line imports
nothing and says what is wrong on which line. Uploading again replaces the census and
revokes the verifications it no longer supports.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from palabre.core.models import Organization, User
from palabre.core.permissions import require
from palabre.core.services import log_action
from palabre.verifications import crypto
from palabre.verifications.models import (
    CensusEntry,
    CensusUpload,
    OrganizationVerificationMethod,
    Verification,
)
from palabre.verifications.registry import DIRECT, VerificationMethod, methods
from palabre.verifications.services import (
    attempt_record,
    attempts_count,
    rate_limit_refuse,
    verification_grant,
    verifications_revoke_all,
)

NAME = "census"
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ERRORS_SHOWN = 50
# Wrong tries a person may make in an hour before the census stops answering them.
FAILED_MATCHES_PER_HOUR = 5
RATE_WINDOW = timedelta(hours=1)

methods.register(
    VerificationMethod(
        name=NAME,
        label=gettext_lazy("Census"),
        description=gettext_lazy(
            "The organization checks that you are on its list of the people entitled "
            "(residents, members…), by your email address or your identity."
        ),
        kind=DIRECT,
        public_urls="palabre.verifications.methods.census_urls",
        admin_urls="palabre.verifications.methods.census_admin_urls",
        metadata_fields=("postal_code", "birth_date"),
    )
)

# Column names recognised in the header, compared after `crypto.normalize` (so "Prénom",
# "PRENOM" and "prenom" are one), "_" and "-" read as spaces.
COLUMNS = {
    "email": {"email", "e mail", "mail", "courriel", "adresse email", "adresse e mail",
              "email address", "adresse mail"},
    "last_name": {"last name", "lastname", "nom", "nom de famille", "surname", "family name"},
    "first_name": {"first name", "firstname", "prenom", "given name", "prenoms"},
    "birth_date": {"birth date", "birthdate", "date of birth", "date de naissance",
                   "naissance", "date naissance", "dob"},
    "postal_code": {"postal code", "postcode", "zip", "zip code", "code postal", "cp"},
}  # fmt: skip
IDENTITY = ("last_name", "first_name", "birth_date", "postal_code")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
POSTAL_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z \-]{1,9}$")


@dataclass
class ParsedCensus:
    kind: str = ""
    # key -> metadata
    entries: dict[str, dict] = field(default_factory=dict)
    errors: list[tuple[int, str]] = field(default_factory=list)


class CensusInvalid(ValidationError):
    """A census file that cannot be imported: `line_errors` are (line number, message)."""

    def __init__(self, message, line_errors=()):
        super().__init__(message, code="census_invalid")
        self.line_errors = list(line_errors)


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without its byte-order mark), else Windows-1252, else Latin-1."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")


def _delimiter(text: str) -> str:
    """The separator of the header line: the one of ; , tab it holds most of."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _column(name: str) -> str | None:
    key = crypto.normalize(name.replace("_", " ").replace("-", " ")).replace(".", "")
    for column, names in COLUMNS.items():
        if key in names:
            return column
    return None


def parse_date(value: str) -> date | None:
    value = (value or "").strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def email_key(email: str) -> str:
    return crypto.keyed_hash("email:" + crypto.normalize(email), normalized=False)


def identity_key(*, last_name: str, first_name: str, birth_date: date, postal_code: str) -> str:
    parts = [
        crypto.normalize(last_name),
        crypto.normalize(first_name),
        birth_date.isoformat(),
        crypto.normalize(postal_code).replace(" ", ""),
    ]
    return crypto.keyed_hash("identity:" + "|".join(parts), normalized=False)


def census_parse(raw: bytes) -> ParsedCensus:
    """Read a census file: every line checked, errors kept with their line numbers."""
    parsed = ParsedCensus()
    if len(raw) > MAX_FILE_BYTES:
        raise CensusInvalid(_("This file is too large (at most 20 MB)."))
    text = _decode(raw).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CensusInvalid(_("This file is empty."))
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        header = next(reader)
    except csv.Error as error:
        raise CensusInvalid(_("This file is not a readable CSV file.")) from error
    columns = [_column(name) for name in header]
    if "email" in columns:
        parsed.kind = CensusUpload.Kind.EMAIL
    elif all(name in columns for name in IDENTITY):
        parsed.kind = CensusUpload.Kind.IDENTITY
    else:
        raise CensusInvalid(
            _(
                "The first line must name the columns: either “email”, or “last_name”, "
                "“first_name”, “birth_date” and “postal_code” (French names such as “nom”, "
                "“prénom”, “date de naissance”, “code postal” are read too)."
            )
        )
    positions = {name: columns.index(name) for name in COLUMNS if name in columns}
    seen: dict[str, int] = {}
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            values = {
                name: (row[index].strip() if index < len(row) else "")
                for name, index in positions.items()
            }
            error, key, metadata = _read_line(parsed.kind, values)
            if error:
                parsed.errors.append((line, error))
                continue
            if key in seen:
                parsed.errors.append(
                    (line, _("The same person as line %(line)d.") % {"line": seen[key]})
                )
                continue
            seen[key] = line
            parsed.entries[key] = metadata
    except csv.Error as error:
        parsed.errors.append(
            (line + 1, _("This line is not valid CSV (%(error)s).") % {"error": error})
        )
    if not parsed.entries and not parsed.errors:
        raise CensusInvalid(_("This file names its columns but holds nobody."))
    return parsed


def _read_line(kind: str, values: dict) -> tuple[str, str, dict]:
    metadata = {}
    birth_date = None
    if values.get("birth_date"):
        birth_date = parse_date(values["birth_date"])
        if birth_date is None:
            return (
                _("The birth date “%(value)s” is not a date (write 2001-04-30 or 30/04/2001).")
                % {"value": values["birth_date"]},
                "",
                {},
            )
        metadata["birth_date"] = birth_date.isoformat()
    postal_code = values.get("postal_code", "")
    if postal_code:
        if not POSTAL_CODE.match(postal_code):
            return _("The postal code “%(value)s” is not valid.") % {"value": postal_code}, "", {}
        metadata["postal_code"] = postal_code.upper().replace(" ", "")
    if kind == CensusUpload.Kind.EMAIL:
        email = values.get("email", "")
        if not email:
            return _("The email address is missing."), "", {}
        try:
            validate_email(email)
        except ValidationError:
            return _("“%(value)s” is not an email address.") % {"value": email}, "", {}
        return "", email_key(email), metadata
    missing = [name for name in IDENTITY if not values.get(name)]
    if missing:
        labels = {
            "last_name": _("last name"), "first_name": _("first name"),
            "birth_date": _("birth date"), "postal_code": _("postal code"),
        }  # fmt: skip
        return (
            _("Missing: %(fields)s.")
            % {"fields": ", ".join(str(labels[name]) for name in missing)},
            "",
            {},
        )
    key = identity_key(
        last_name=values["last_name"],
        first_name=values["first_name"],
        birth_date=birth_date,
        postal_code=postal_code,
    )
    return "", key, metadata


def census_upload(
    *, actor: User, organization: Organization, raw: bytes, filename: str = ""
) -> CensusUpload:
    """Replace the organization's census with the file `raw`; verifications of people no
    longer in it are revoked. Raises CensusInvalid (with each wrong line) and changes
    nothing when any line is wrong."""
    require(actor, "admin", organization)
    parsed = census_parse(raw)
    if parsed.errors:
        raise CensusInvalid(
            ngettext(
                "%(count)d line is wrong: nothing was imported. Correct it and upload the "
                "file again.",
                "%(count)d lines are wrong: nothing was imported. Correct them and upload "
                "the file again.",
                len(parsed.errors),
            )
            % {"count": len(parsed.errors)},
            parsed.errors,
        )
    with transaction.atomic():
        # One upload at a time per organization.
        OrganizationVerificationMethod.objects.get_or_create(
            organization=organization, method=NAME, defaults={"enabled": False}
        )
        OrganizationVerificationMethod.objects.select_for_update().get(
            organization=organization, method=NAME
        )
        CensusEntry.objects.filter(organization=organization).delete()
        upload = CensusUpload.objects.create(
            organization=organization,
            kind=parsed.kind,
            filename=filename[:255],
            entries_count=len(parsed.entries),
            uploaded_by=actor,
        )
        CensusEntry.objects.bulk_create(
            (
                CensusEntry(
                    organization=organization,
                    upload=upload,
                    key=key,
                    metadata=crypto.encrypt(metadata),
                )
                for key, metadata in parsed.entries.items()
            ),
            batch_size=2000,
        )
        revoked = verifications_revoke_all(
            organization=organization,
            method=NAME,
            actor=None,
            keep_unique_ids=CensusEntry.objects.filter(organization=organization).values("key"),
            reason=_("No longer on the census."),
        )
        upload.revoked_count = revoked
        upload.save(update_fields=["revoked_count"])
        log_action(
            actor=actor,
            organization=organization,
            action="census_upload",
            resource=upload,
            resource_type="censusupload",
            data={"count": upload.entries_count, "revoked": revoked, "kind": parsed.kind},
        )
    return upload


def census_current(organization: Organization) -> CensusUpload | None:
    return CensusUpload.objects.filter(organization=organization).first()


def _user_email_keys(user: User) -> list[str]:
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return [email_key(address) for address in addresses]


def census_verify(
    *, user: User, organization: Organization, identity: dict | None = None
) -> Verification:
    """Verify the person against the census: by their confirmed email addresses (an email
    census) or by the `identity` they typed (last_name, first_name, birth_date as a date,
    postal_code). Raises ValidationError when nothing matches or after too many tries."""
    census = census_current(organization)
    if census is None:
        raise ValidationError(_("The census is not available yet: come back later."))
    since = timezone.now() - RATE_WINDOW
    failed = attempts_count(method=NAME, action="match", since=since, user=user, failed_only=True)
    if failed >= FAILED_MATCHES_PER_HOUR:
        rate_limit_refuse(
            user=user,
            organization=organization,
            method=NAME,
            message=_("Too many tries in the last hour: try again in an hour."),
        )
    if census.kind == CensusUpload.Kind.EMAIL:
        keys = _user_email_keys(user)
    else:
        identity = identity or {}
        if not all(identity.get(name) for name in IDENTITY):
            raise ValidationError(_("Type your last name, first name, birth date and postal code."))
        keys = [
            identity_key(
                last_name=identity.get("last_name", ""),
                first_name=identity.get("first_name", ""),
                birth_date=identity["birth_date"],
                postal_code=identity.get("postal_code", ""),
            )
        ]
    entry = CensusEntry.objects.filter(organization=organization, key__in=keys).first()
    attempt_record(
        user=user,
        organization=organization,
        method=NAME,
        action="match",
        succeeded=entry is not None,
    )
    if entry is None:
        log_action(
            actor=user,
            organization=organization,
            action="verification_attempt_failed",
            resource_type="verification",
            data={"method": NAME},
        )
        if census.kind == CensusUpload.Kind.EMAIL:
            raise ValidationError(
                _(
                    "None of your confirmed email addresses is on the census. Add and "
                    "confirm the address the organization knows, or ask it to add yours."
                )
            )
        raise ValidationError(
            _(
                "Nobody on the census matches what you typed. Check the spelling, the "
                "birth date and the postal code; write your names as on your identity card."
            )
        )
    return verification_grant(
        user=user,
        organization=organization,
        method=NAME,
        unique_id=entry.key,
        metadata=crypto.decrypt(entry.metadata),
        actor=user,
    )
