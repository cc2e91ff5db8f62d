import pytest

from palabre.core.html import html_to_text, sanitize_html, video_embed_url


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ('<img src="x" onerror="alert(1)">', '<img src="x">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<iframe src="https://evil.example"></iframe>', ""),
        ("<p style='color:red'>x</p>", "<p>x</p>"),
    ],
)
def test_sanitize_html_removes_scripts_handlers_and_frames(dirty, clean):
    assert sanitize_html(dirty) == clean


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
