"""Keyboard only, in Chromium: skip to the content, search with filters, open a clinic, send a
correction, and see where the focus is at every stop."""
from site_data import MAIN_SLUG

MAX_TABS = 80


def focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim(),
                classes: String(el.className),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
    }""")


def tab_to(page, wanted, key="Tab") -> dict:
    """Press Tab until the focused element matches ``wanted``; every stop must show its focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        now = focused(page)
        assert now["tag"] == "BODY" or now["outline"], f"no visible focus on {now}"
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the element wanted; last was {now}")


def test_the_whole_path_works_from_the_keyboard(page, live_url):
    page.goto(live_url + "/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    tab_to(page, lambda el: el["id"] == "near")
    page.keyboard.type("21201")
    tab_to(page, lambda el: el["tag"] == "SUMMARY")
    page.keyboard.press("Enter")
    tab_to(page, lambda el: el["id"] == "insurance")
    page.keyboard.type("Aetna")
    tab_to(page, lambda el: el["id"] == "sliding_scale")
    page.keyboard.press("Space")
    tab_to(page, lambda el: el["text"] == "Apply filters")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?**")
    assert "insurance=aetna" in page.url and "sliding_scale=1" in page.url

    tab_to(page, lambda el: el["text"] == "Harbor Light Ketamine")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/clinics/{MAIN_SLUG}")

    tab_to(page, lambda el: el["text"] == "Suggest a correction")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/clinics/{MAIN_SLUG}/correction")
    tab_to(page, lambda el: el["id"] == "topic")
    page.keyboard.type("Opening")
    tab_to(page, lambda el: el["id"] == "message")
    page.keyboard.type("Open on Saturdays 9am to noon, says their front door.")
    tab_to(page, lambda el: el["text"] == "Send correction")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/clinics/{MAIN_SLUG}")
    assert "Your correction was sent" in page.get_by_role("status").first.inner_text()


def test_map_markers_and_pages_are_reachable_after_the_list(page, live_url):
    page.goto(live_url + "/search?near=21201&radius=50")
    marker = tab_to(page, lambda el: "map-pin" in el["classes"])
    assert marker["text"].isdigit()
    page.keyboard.press("Enter")
    assert page.locator(".leaflet-popup-content").is_visible()
    tab_to(page, lambda el: el["text"] == "Next")
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2**")
