"""The organization's limits in the backoffice (its settings page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.backoffice.forms import BackofficeForm
from palabre.limits.services import KINDS, WINDOWS

WINDOW_LABELS = {"hour": _("%(kind)s per hour"), "day": _("%(kind)s per day")}
MAX_LIMIT = 100_000


class ContributionLimitsForm(BackofficeForm):
    """Two numbers per kind of contribution (per hour, per day), for each person and each
    connection; 0 for no limit."""

    def __init__(self, *args, limits: dict[str, dict[str, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.current = limits
        for kind, label in KINDS.items():
            for window in WINDOWS:
                self.fields[f"{kind}_{window}"] = forms.IntegerField(
                    label=WINDOW_LABELS[window] % {"kind": label},
                    min_value=0,
                    max_value=MAX_LIMIT,
                    initial=limits[kind][window],
                    # Left out of a post (an older page): the limit stays as it is.
                    required=False,
                )

    def cleaned_limits(self) -> dict[str, dict[str, int]]:
        return {
            kind: {
                window: self.current[kind][window]
                if self.cleaned_data.get(f"{kind}_{window}") is None
                else self.cleaned_data[f"{kind}_{window}"]
                for window in WINDOWS
            }
            for kind in KINDS
        }
