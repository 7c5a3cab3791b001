from knowflow.core.markdown import render_markdown


def test_renders_commonmark_tables_and_strikethrough():
    html = render_markdown("# Title\n\n**bold** ~~old~~\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<h1>Title</h1>" in html and "<strong>bold</strong>" in html and "<s>old</s>" in html
    assert "<table>" in html


def test_sanitizes_script_links_and_attributes():
    html = render_markdown(
        '<script>x</script> [a](javascript:alert(1)) [b](https://example.com "t")'
    )
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert 'href="https://example.com"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_empty():
    assert (
        render_markdown("") == "" and render_markdown(None) == "" and render_markdown("   ") == ""
    )
