"""Forms of comments: they collect the input; the rules live in `services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.comments.models import MAX_LENGTH, Alignment

ALIGNMENT_CHOICES = [("", _("No position")), *[(str(v), label) for v, label in Alignment.choices]]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_LENGTH}),
        help_text=_("Plain text, at most 2,000 characters. Mention someone with @nickname."),
        # The service checks the length and says it clearly; the browser limit is a help only.
        required=False,
        strip=False,
    )
    alignment = forms.TypedChoiceField(
        label=_("Your position"),
        choices=ALIGNMENT_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    official = forms.BooleanField(
        label=_("Comment in the name of the organization"), required=False
    )


class CommentEditForm(forms.Form):
    body = CommentForm.base_fields["body"]


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(choices=[("1", "1"), ("-1", "-1"), ("0", "0")], coerce=int)
