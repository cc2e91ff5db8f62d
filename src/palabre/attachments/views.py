"""Downloads of attached files, always through a permission check: the files' storage
addresses are never linked, so a file of a private space reaches its members only."""

import posixpath

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET
from django.views.static import serve

from palabre.attachments import selectors
from palabre.attachments.models import STORAGE_FOLDER

# Media folders no address may serve: attached files, identity documents waiting for
# review (encrypted, streamed to reviewing staff by the verifications app), and the
# archives of personal data (downloaded by their owner through the privacy app).
PRIVATE_FOLDERS = (STORAGE_FOLDER, "verifications", "personal-data")


@require_GET
def download(request, pk: int):
    attachment = selectors.attachment_get_downloadable(
        user=request.user, organization=request.organization, attachment_id=pk
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    # Images show in the page; documents are always saved, never opened by the browser.
    response = FileResponse(
        handle,
        as_attachment=not attachment.is_image,
        filename=attachment.filename,
        content_type=attachment.mime_type,
    )
    # Whatever a file holds, the browser runs nothing from it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    # Shared caches must not keep a file that only some people may read.
    patch_cache_control(response, private=True, max_age=3600)
    patch_vary_headers(response, ["Cookie"])
    return response


def serve_public_media(request, path: str):
    """The media folder for installations that serve it from the app, except its private
    folders: attached files go through `download` only, whatever address is asked."""
    # The same normalisation as `serve`, so that "x/../attachments/…" is refused too.
    normalized = posixpath.normpath(path).lstrip("/")
    for folder in PRIVATE_FOLDERS:
        if normalized == folder or normalized.startswith(f"{folder}/"):
            raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
