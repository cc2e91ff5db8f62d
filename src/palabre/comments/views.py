"""Views of comments: thin wrappers around the selectors and services, working without JS."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from palabre.comments import selectors, services
from palabre.comments.forms import CommentEditForm, CommentForm, VoteForm
from palabre.comments.models import Comment
from palabre.core.permissions import can


def _add_errors(form, error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in ("body", "alignment") else None, message)


@require_GET
def threads(request, ref: str):
    """The next threads of a resource, for "load more" (htmx appends them to the list)."""
    target = selectors.target_get_visible(
        user=request.user, organization=request.organization, ref=ref
    )
    page = selectors.comment_threads(
        target=target,
        user=request.user,
        sort=request.GET.get("sort"),
        page=selectors.clean_page(request.GET.get("page")),
    )
    return render(request, "comments/_threads.html", {"page": page, "user": request.user})


@login_required
@require_POST
def create(request, ref: str):
    target = selectors.target_get_visible(
        user=request.user, organization=request.organization, ref=ref
    )
    form = CommentForm(request.POST)
    parent = None
    if form.is_valid():
        if form.cleaned_data["parent"]:
            parent = (
                Comment.objects.filter(pk=form.cleaned_data["parent"])
                .select_related("author")
                .first()
            )
            if parent is None:
                form.add_error(None, _("The comment you answered no longer exists."))
        if form.is_valid():
            try:
                comment = services.comment_create(
                    author=request.user,
                    target=target,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    alignment=form.cleaned_data["alignment"],
                    official=form.cleaned_data["official"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect(comment.get_absolute_url())
    return render(
        request,
        "comments/comment_form.html",
        {
            "form": form,
            "target": target,
            "parent": parent,
            "ref": ref,
            "can_official": can(request.user, "admin", target.component),
        },
        status=400,
    )


@login_required
def edit(request, pk: int):
    comment = selectors.comment_get_visible(
        user=request.user, organization=request.organization, comment_id=pk
    )
    if comment.author_id != request.user.pk or comment.is_deleted:
        raise PermissionDenied
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            try:
                services.comment_update(
                    actor=request.user, comment=comment, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect(comment.get_absolute_url())
    else:
        form = CommentEditForm(initial={"body": next(iter(comment.body.values()), "")})
    return render(
        request,
        "comments/comment_edit.html",
        {"form": form, "comment": comment},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def delete(request, pk: int):
    comment = selectors.comment_get_visible(
        user=request.user, organization=request.organization, comment_id=pk
    )
    services.comment_delete(actor=request.user, comment=comment)
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def vote(request, pk: int):
    comment = selectors.comment_get_visible(
        user=request.user, organization=request.organization, comment_id=pk
    )
    form = VoteForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("A vote is up or down."))
    # The buttons state the wanted result (withdraw is 0), so a double click counts once.
    comment.my_vote = services.comment_vote(
        user=request.user, comment=comment, value=form.cleaned_data["value"], toggle=False
    )
    if request.htmx:
        comment.can_vote = True
        return render(request, "comments/_votes.html", {"comment": comment})
    return redirect(comment.get_absolute_url())
