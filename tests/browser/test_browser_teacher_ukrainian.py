"""A teacher runs a class in Ukrainian in a real browser: the class screen at /uk/teach/ reads in
Ukrainian, fits a 1280×720 projector, updates by itself and passes axe-core. Screenshots at
1280×720 and 1920×1080."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from quizzes.models import Assignment
from tests.browser.test_browser_live import projector_shots, sign_in

pytestmark = pytest.mark.browser

CLASS_SCREEN = re.compile(r"/uk/teach/classes/\d+/$")


def test_a_teacher_paced_class_screen_in_ukrainian(open_page, make_teacher, axe, describe_axe):
    teacher = open_page(viewport={"width": 1280, "height": 720})
    sign_in(teacher, make_teacher())
    teacher.goto("/uk/teach/")
    expect(teacher.page.locator("h1")).to_have_text("Провести заняття")
    run = teacher.page.locator("li.card").first
    run.get_by_label("Темп").select_option("teacher")
    run.get_by_role("button", name="Провести з класом").click()
    teacher.page.wait_for_url(CLASS_SCREEN)
    assert teacher.page.evaluate("document.documentElement.lang") == "uk"
    expect(teacher.page.locator("#join-title")).to_contain_text("Приєднуйтеся на")
    expect(teacher.page.locator(".qr figcaption")).to_have_text("Скануйте, щоб приєднатися")
    # The code and the QR code still fit on a 1280×720 projector with the longer Ukrainian text.
    box = teacher.page.locator(".qr svg").bounding_box()
    assert box["y"] + box["height"] <= 720 and box["width"] >= 150

    assignment = Assignment.objects.get()
    for name in ("Оксана", "Богдан"):
        Client().post("/uk/join/", {"code": assignment.join_code, "name": name})
    # The screen counts them without a reload.
    expect(teacher.page.locator("#joined-title")).to_have_text("Приєдналися 2 учні", timeout=8000)
    projector_shots(teacher, "uk-live-class-screen-joined")
    violations = axe(teacher.page)
    assert not violations, describe_axe("Ukrainian class screen", violations)

    teacher.page.get_by_role("button", name="Відкрити питання 1").click()
    teacher.page.wait_for_url(CLASS_SCREEN)
    expect(teacher.page.locator(".open-question .eyebrow")).to_contain_text("Питання 1 з")
    expect(teacher.page.get_by_role("button", name="Показати відповідь")).to_be_visible()
    projector_shots(teacher, "uk-live-class-screen-question")
    teacher.check("Ukrainian class screen")
