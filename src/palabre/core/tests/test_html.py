import pytest

from palabre.core.html import html_to_text, sanitize_html, video_embed_url


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ('<img src="/media/x.png" onerror="alert(1)">', '<img src="/media/x.png">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<iframe src="https://evil.example"></iframe>', ""),
        ("<p style='color:red'>x</p>", "<p>x</p>"),
    ],
)
def test_sanitize_html_removes_scripts_handlers_and_frames(dirty, clean):
    assert sanitize_html(dirty) == clean


IMAGE_HOSTS = {"images.ville.example"}


@pytest.fixture
def image_hosts(settings):
    settings.PALABRE_RICH_TEXT_IMAGE_HOSTS = IMAGE_HOSTS


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        # The platform's own uploads stay, whatever is around them.
        (
            '<p><img src="/media/spaces/a.png" alt="Plan"></p>',
            '<p><img src="/media/spaces/a.png" alt="Plan"></p>',
        ),
        ('<img src="/media/x/../y.png">', '<img src="/media/y.png">'),
        # Hosts the operator allows stay.
        (
            '<img src="https://images.ville.example/a.png">',
            '<img src="https://images.ville.example/a.png">',
        ),
        (
            '<img src="https://IMAGES.ville.example/a.png">',
            '<img src="https://IMAGES.ville.example/a.png">',
        ),
        # Any other image is dropped, its figure's caption and the text around it stay.
        (
            '<p>Avant <img src="https://tracker.example/pixel.gif" alt="x"> après</p>',
            "<p>Avant  après</p>",
        ),
        (
            '<figure><img src="//tracker.example/p.gif"><figcaption>Plan</figcaption></figure>',
            "<figure><figcaption>Plan</figcaption></figure>",
        ),
        ('<img src="http://images.ville.example.evil.example/a.png">', ""),
        ('<img src="/media/../static/x.png">', ""),
        ('<img src="/elsewhere/x.png">', ""),
        ('<img src="x.png">', ""),
        ('<img src="data:image/png;base64,AAAA">', ""),
        ("<img alt='\" src=\"/media/x.png'>", ""),
        ("<img>", ""),
        # Links to any host stay links.
        (
            '<a href="https://tracker.example/">x</a>',
            '<a href="https://tracker.example/" rel="noopener noreferrer nofollow">x</a>',
        ),
    ],
)
def test_rich_text_images_come_from_the_platform_or_allowed_hosts(image_hosts, dirty, clean):
    assert sanitize_html(dirty) == clean


@pytest.mark.django_db
def test_uploads_addressed_through_an_organization_host_become_paths(image_hosts):
    from palabre.core.tests.factories import OrganizationFactory

    OrganizationFactory(host="participation.ville.example")
    assert (
        sanitize_html('<img src="https://participation.ville.example/media/a.png">')
        == '<img src="/media/a.png">'
    )
    # Another file of that host (not an upload) or an unknown host: dropped.
    assert sanitize_html('<img src="https://participation.ville.example/admin/x.png">') == ""
    assert sanitize_html('<img src="https://other.example/media/a.png">') == ""


def test_html_to_text():
    assert html_to_text("<p>Un <strong>deux</strong></p>\n<p>trois</p>") == "Un deux trois"


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/123456789", "https://player.vimeo.com/video/123456789?dnt=1"),
        (
            "https://www.dailymotion.com/video/x8abcd1",
            "https://www.dailymotion.com/embed/video/x8abcd1",
        ),
        (
            "https://video.example.org/w/9c9de5e8-0a1e-484a-b099",
            "https://video.example.org/videos/embed/9c9de5e8-0a1e-484a-b099",
        ),
        ("https://evil.example/page", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_video_embed_url_only_for_known_providers(url, embed):
    assert video_embed_url(url) == embed


def test_the_allowed_image_hosts_are_allowed_by_the_content_security_policy():
    """Settings are read once: ask a fresh interpreter with the variable set."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([str(s) for s in settings.SECURE_CSP['img-src']]))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "palabre.config.settings",
        "PALABRE_DEMO": "1",
        "PALABRE_RICH_TEXT_IMAGE_HOSTS": "Images.ville.example, photos.example.org",
    }
    output = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    assert output.returncode == 0, output.stderr
    sources = json.loads(output.stdout.strip().splitlines()[-1])
    assert "images.ville.example" in sources and "photos.example.org" in sources
