"""On a touch screen every control a learner taps is at least 44 × 44 CSS px (WCAG 2.5.5);
with a mouse the page keeps its compact size. Links inside running text are exempt, as the
guideline allows."""
import pytest

# Controls, less the links inside the lesson's own text and the blanks inside its sentences.
SMALL_CONTROLS = """
const exempt = (element) => element.closest('.lesson-body p, .lesson-body li:not(.quiz-answers li):not(.order-list li), .lesson-body td, .lesson-body th,'
                                             + ' .lesson-body blockquote, .exercise-question, .answer-feedback, .exercise-feedback')
                            || element.matches('.exercise-blank, .visually-hidden *');
return Array.from(document.querySelectorAll('a[href], button, summary, select, .quiz-answers label'))
  .filter((element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden' && !exempt(element))
  .map((element) => { const box = element.getBoundingClientRect();
                      return { text: (element.textContent || element.outerHTML).trim().slice(0, 40), width: box.width, height: box.height }; })
  .filter((box) => box.width < 44 - 0.5 || box.height < 44 - 0.5);
"""


@pytest.fixture
def touch(driver):
    driver.set_window_size(360, 740)
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    yield driver
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
    driver.set_window_size(420, 900)


def open_all_details(driver):
    driver.execute_script("document.querySelectorAll('details').forEach((d) => { d.open = true; })")


@pytest.mark.parametrize("page", ["index.html", "data-basics/ar/index.html", "data-basics/ar/data-around-us/tables.html",
                                  "data-basics/fr/working-with-data/charts.html"])
def test_no_control_is_smaller_than_a_thumb_on_a_touch_screen(site, touch, page):
    touch.get((site / page).resolve().as_uri())
    assert touch.execute_script("return matchMedia('(pointer: coarse)').matches")
    open_all_details(touch)
    assert touch.execute_script(SMALL_CONTROLS) == []


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_every_exercise_control_fits_a_thumb(kinds_site, touch, locale):
    touch.get((kinds_site / "kinds" / locale / "all" / "every-kind.html").resolve().as_uri())
    open_all_details(touch)
    assert touch.execute_script(SMALL_CONTROLS) == []


def test_a_mouse_keeps_the_compact_page(site, driver):
    driver.set_window_size(1280, 900)
    try:
        driver.get((site / "data-basics" / "en" / "data-around-us" / "tables.html").resolve().as_uri())
        assert not driver.execute_script("return matchMedia('(pointer: coarse)').matches")
        heights = driver.execute_script("return Array.from(document.querySelectorAll('.breadcrumb a, .toc a'))"
                                        ".map((a) => a.getBoundingClientRect().height)")
        assert heights and max(heights) < 44
    finally:
        driver.set_window_size(420, 900)
