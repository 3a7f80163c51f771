"""A teacher in the admin, in a real browser: writes a question set with three kinds of question,
publishes it, previews it, assigns it to a class and reads the class's results. The admin pages a
teacher uses pass axe-core at WCAG 2.1 A/AA (apart from Django's own markup, named below) and run
under the site's Content-Security-Policy without a violation."""

import re

import pytest
from playwright.sync_api import expect

from explainer.models import Source
from quizzes.interchange.sets import question_set_duplicate
from quizzes.interchange.upload import export_json
from quizzes.models import Assignment, Attempt, Question, QuestionSet
from quizzes.services import attempt_answer, attempt_start

pytestmark = pytest.mark.browser

CODE = re.compile(r"^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")

# Markup from Django's admin itself that axe-core reports, and that this project cannot change
# from its own templates (the fix needs Python; see the notes at each selector). Each entry
# leaves out only the elements named, so anything from this project's templates is still checked.
DJANGO_ADMIN_AXE_EXCLUDE = [
    # aria-input-field-name: the autocomplete widgets (Django's vendored Select2 4.0.13 through
    # admin/js/autocomplete.js) draw a span role="combobox" named by aria-labelledby pointing at
    # the span that shows the chosen value; with nothing chosen it is empty, so the combobox (and
    # its inner role="textbox" span) has no accessible name. The field's <label for> names the
    # hidden <select>, which Select2 marks aria-hidden.
    ".select2-selection--single",
    # label: TabularInline (admin/edit_inline/tabular.html) puts the field names in column
    # headers and renders each row's fields without a <label> or aria-label. These are the
    # choice rows of the question page (ChoiceInline).
    "#choices-group tr.form-row td input",
    "#choices-group tr.form-row td textarea",
    # label: AdminSplitDateTime (admin/widgets/split_datetime.html) writes "Date:" and "Time:" as
    # plain text beside its two inputs; the field's label points at neither. Assignment's
    # opens_at and closes_at.
    "p.datetime input.vDateField",
    "p.datetime input.vTimeField",
]


class Admin:
    """The teacher's tab in the admin: a StudentPage (problems, screenshots) plus admin steps."""

    def __init__(self, tab):
        self.tab = tab
        self.page = tab.page

    def login(self, user):
        page = self.page
        self.tab.goto("/admin/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(user.raw_password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/admin/")
        expect(page.locator("#user-tools")).to_contain_text(user.username)

    def screenshots(self, name):
        """Full-page screenshots at 1280px and 360px wide."""
        self.tab.screenshot(f"admin-{name}-1280")
        self.page.set_viewport_size({"width": 360, "height": 640})
        self.tab.screenshot(f"admin-{name}-360")
        self.page.set_viewport_size({"width": 1280, "height": 800})

    def save(self, name="Save"):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name, exact=True).click()

    def success(self, text):
        expect(self.page.locator(".messagelist .success")).to_contain_text(text)

    def pick(self, field, search, option):
        """Choose in an autocomplete (Select2) field: open it, type, click the result."""
        page = self.page
        field.get_by_role("combobox").click()
        search_box = page.locator(".select2-container--open").get_by_role("searchbox")
        expect(search_box).to_be_focused()
        search_box.press_sequentially(search)
        page.locator(".select2-results").get_by_role("option", name=option).click()
        expect(field.get_by_role("combobox")).to_contain_text(option)

    def question(self, kind, prompt, section, choices):
        """Fill the question add page: kind, texts, source, section, then one row per choice:
        (text or None, correct, position, event or None)."""
        page = self.page
        page.get_by_label("Kind").select_option(label=kind)
        page.get_by_label("Prompt [en]").fill(prompt)
        page.get_by_label("Explanation [en]").fill(f"Why: {prompt.lower()}")
        source = str(Source.objects.get(key="reuters-2022-03-29"))  # "Al Arabiya / Reuters: …"
        self.pick(page.locator(".form-row.field-source"), "Reuters", source)
        self.pick(page.locator(".form-row.field-section"), section, section)
        for i, (text, correct, position, event) in enumerate(choices):
            if text:
                page.locator(f"[name='choices-{i}-text_en']").fill(text)
            if event:
                self.pick(page.locator(f"#choices-{i} .field-event"), event, event)
            page.locator(f"[name='choices-{i}-is_correct']").set_checked(correct)
            if position:
                page.locator(f"[name='choices-{i}-correct_position']").fill(str(position))


def test_teacher_writes_publishes_previews_assigns_and_reads_the_results(open_page, make_teacher):
    teacher = make_teacher("ms_kovalenko")
    tab = open_page()
    admin = Admin(tab)
    page = tab.page
    admin.login(teacher)
    admin.screenshots("index")
    tab.check("admin index")

    # A new question set: Question sets → Add. The admin's JavaScript fills the slug in.
    page.locator("#content-main").get_by_role("link", name="Question sets").click()
    page.get_by_role("link", name="Add question set").click()
    page.get_by_label("Title [en]").press_sequentially("Istanbul checks")
    expect(page.get_by_label("Slug")).to_have_value("istanbul-checks")
    page.get_by_label("Topic [en]").fill("The Istanbul talks")
    page.get_by_label("Description [en]").fill("Three questions on the March 2022 talks.")
    admin.screenshots("questionset-add")
    admin.save()
    admin.success("Istanbul checks")
    question_set = QuestionSet.objects.get(slug="istanbul-checks")
    assert (question_set.owner, question_set.is_published) == (teacher, False)
    page.locator("#result_list").get_by_role("link", name="Istanbul checks").click()
    tab.check("question set saved")

    # Question 1, single choice, saved first with no correct choice: the formset says why.
    page.get_by_role("link", name="Add a question").click()
    page.wait_for_url(re.compile(r"/admin/quizzes/question/add/\?question_set=\d+&position=1$"))
    expect(page.get_by_label("Question set")).to_have_value(str(question_set.pk))
    expect(page.get_by_label("Position")).to_have_value("1")
    expect(page.locator("#choices-group tbody tr.form-row:not(.empty-form)")).to_have_count(4)
    cities = ["Istanbul", "Minsk", "Geneva", "Vienna"]
    admin.question(
        "Single choice",
        "Where did the delegations meet on 29 March 2022?",
        "The Istanbul proposals",
        [(city, False, None, None) for city in cities],
    )
    admin.screenshots("question-add")
    admin.save()
    errors = page.locator("#choices-group .errorlist.nonform")
    expect(errors).to_have_text(
        "A single-choice question needs exactly one correct choice; this one has 0."
    )
    expect(page.locator(".errornote")).to_be_visible()
    admin.screenshots("question-add-error")
    assert not Question.objects.filter(question_set=question_set).exists()
    page.locator("[name='choices-0-is_correct']").check()
    admin.save()
    admin.success("was added successfully")
    tab.check("question 1")

    # Question 2, select all that apply: two of four correct.
    page.get_by_role("link", name="Add a question").click()
    expect(page.get_by_label("Position")).to_have_value("2")
    admin.question(
        "Select all that apply",
        "Which states did Ukraine name as possible guarantors?",
        "The guarantors",
        [
            ("The United Kingdom", True, None, None),
            ("Turkey", True, None, None),
            ("Belarus", False, None, None),
            ("Moldova", False, None, None),
        ],
    )
    admin.save()
    admin.success("was added successfully")
    tab.check("question 2")

    # Question 3, ordering: one item is a timeline event (autocomplete in the choice row), two
    # are text; positions 1 to 3; the fourth row stays empty and is ignored.
    page.get_by_role("link", name="Add a question").click()
    expect(page.get_by_label("Position")).to_have_value("3")
    admin.question(
        "Put in order",
        "Put these in order, earliest first.",
        "The Istanbul proposals",
        [
            (None, False, 1, "Hague Convention V sets out the law of neutrality"),
            ("Austria declares permanent neutrality", False, 2, None),
            ("Ukraine offers neutrality at Istanbul", False, 3, None),
        ],
    )
    admin.save()
    admin.success("was added successfully")
    tab.check("question 3")

    questions = list(question_set.questions.prefetch_related("choices"))
    assert [(q.position, q.kind) for q in questions] == [
        (1, "single"),
        (2, "multiple"),
        (3, "ordering"),
    ]
    assert [c.is_correct for c in questions[0].choices.all()] == [True, False, False, False]
    assert sum(c.is_correct for c in questions[1].choices.all()) == 2
    ordering = questions[2].choices.all()
    assert sorted(c.correct_position for c in ordering) == [1, 2, 3]
    assert ordering[0].event.title == "Hague Convention V sets out the law of neutrality"
    expect(page.locator("#questions-group tbody tr.has_original")).to_have_count(3)
    admin.screenshots("questionset-change")

    # Publish.
    page.get_by_label("Published").check()
    admin.save()
    admin.success("Istanbul checks")
    question_set.refresh_from_db()
    assert question_set.is_published
    admin.screenshots("questionset-list")
    tab.check("published")

    # Preview as a student: the first question, answered, gives feedback and records nothing.
    page.locator("#result_list").get_by_role("link", name="Istanbul checks").click()
    attempts_before = Attempt.objects.count()
    page.get_by_role("link", name="Preview as a student").click()
    page.wait_for_url(f"**/preview/{question_set.pk}/1/")
    expect(page.get_by_text("This is what students see.")).to_be_visible()
    expect(page.get_by_role("group", name="Where did the delegations meet")).to_be_visible()
    assert tab.answer() == "single"
    expect(page.locator("#answer-area .feedback .verdict")).to_have_text(
        re.compile(r"^(Right\.|Not quite\.)$")
    )
    admin.screenshots("preview-feedback")
    assert Attempt.objects.count() == attempts_before
    tab.check("preview")

    # An assignment of the new set: Assignments → Add, then its page shows the join code.
    tab.goto("/admin/")
    page.locator("#content-main").get_by_role("link", name="Assignments").click()
    page.get_by_role("link", name="Add assignment").click()
    page.get_by_label("Title").fill("Year 10 history, set B")
    page.get_by_label("Question set").select_option(label="Istanbul checks")
    admin.screenshots("assignment-add")
    admin.save()
    admin.success("Year 10 history, set B")
    page.locator("#result_list").get_by_role("link", name="Year 10 history, set B").click()
    code = page.locator(".form-row.field-code .readonly").inner_text().strip()
    assert CODE.match(code), code
    assignment = Assignment.objects.get(title="Year 10 history, set B")
    assert (assignment.display_code, assignment.owner, assignment.question_set) == (
        code,
        teacher,
        question_set,
    )
    admin.screenshots("assignment-change")
    tab.check("assignment")

    # A student, in a browser of their own, joins with the code and finishes.
    student = open_page()
    student.goto("/join/")
    student.page.get_by_label("Join code").fill(code.lower())
    student.page.get_by_label("Your name").fill("Olena")
    student.page.get_by_role("button", name="Join").click()
    student.page.wait_for_url(re.compile(r"/attempts/\d+/1/$"))
    assert student.answer_every_question() == 3
    expect(student.page.locator("main h1")).to_have_text("Your results")
    student.check("student")

    # The teacher reads the results and downloads the students' CSV.
    page.get_by_role("link", name="Results", exact=True).click()
    page.wait_for_url(f"**/admin/quizzes/assignment/{assignment.pk}/results/")
    expect(page.locator("#content-main")).to_contain_text("1 student.")
    by_student = page.locator("table", has=page.get_by_role("columnheader", name="Time taken"))
    expect(by_student.get_by_role("rowheader", name="Olena")).to_be_visible()
    by_question = page.locator("table", has=page.get_by_role("columnheader", name="Facility"))
    expect(by_question.locator("tbody tr")).to_have_count(3)
    expect(by_question.locator("tbody tr td:nth-child(4)")).to_have_text(
        [re.compile(r"^\d+%$")] * 3
    )
    by_section = page.locator("table", has=page.get_by_role("columnheader", name="Section"))
    # One row per explainer section, in the explainer's order, with its questions' numbers.
    expect(by_section.get_by_role("rowheader")).to_have_text(
        ["The Istanbul proposals", "The guarantors"]
    )
    expect(by_section.locator("tbody td:nth-child(2)")).to_have_text(["1, 3", "2"])
    admin.screenshots("results")
    with page.expect_download() as download:
        page.get_by_role("link", name="students (CSV)").click()
    assert download.value.suggested_filename == "year-10-history-set-b-students.csv"
    header, row = download.value.path().read_text(encoding="utf-8").splitlines()
    assert header.startswith("name,score,out of,")
    assert row.startswith("Olena,")
    tab.check("results")


@pytest.fixture
def classroom(make_teacher):
    """A teacher with a draft of their own (a copy of "the-timeline": every kind of question,
    ordering items that are timeline events) and an assignment of the shared "the-timeline" that
    one student has finished."""
    teacher = make_teacher("ms_kovalenko")
    shared = QuestionSet.objects.get(slug="the-timeline")
    draft = question_set_duplicate(question_set=shared, owner=teacher)
    assignment = Assignment.objects.create(
        title="Year 10 history, set B", question_set=shared, owner=teacher
    )
    attempt = attempt_start(
        question_set=shared, student_key="a" * 32, assignment=assignment, display_name="Olena"
    )
    for question in shared.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        selected = [c.pk for c in choices] if question.is_ordering else [choices[0].pk]
        attempt_answer(attempt=attempt, question=question, choices=choices, selected=selected)
    attempt.refresh_from_db()
    assert attempt.is_finished
    return teacher, draft, assignment


def upload(page, name, content):
    page.get_by_label("File").set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": content.encode()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()


def test_the_admin_pages_a_teacher_uses_pass_axe_apart_from_djangos_own_markup(
    open_page, classroom, axe, describe_axe
):
    teacher, draft, assignment = classroom
    tab = open_page()
    admin = Admin(tab)
    page = tab.page
    reports = []
    audited = []

    def audit(name):
        violations = axe(page, exclude=DJANGO_ADMIN_AXE_EXCLUDE)
        if violations:
            reports.append(describe_axe(f"{name} ({tab.path()})", violations))
        audited.append(name)
        tab.check(name)

    tab.goto("/admin/login/")
    audit("login")
    admin.login(teacher)
    audit("index")
    tab.goto("/admin/quizzes/questionset/")
    audit("question set list")
    tab.goto("/admin/quizzes/questionset/add/")
    audit("question set add")
    tab.goto(f"/admin/quizzes/questionset/{draft.pk}/change/")
    audit("question set change")

    count = draft.questions.count()
    tab.goto(f"/admin/quizzes/question/add/?question_set={draft.pk}&position={count + 1}")
    audit("question add")
    admin.save()
    expect(page.locator(".errornote")).to_be_visible()
    audit("question add, with errors")
    ordering = draft.questions.filter(kind="ordering").first()
    tab.goto(f"/admin/quizzes/question/{ordering.pk}/change/")
    expect(page.locator("#choices-group .select2-selection--single").first).to_be_visible()
    audit("question change (ordering, items are events)")
    single = draft.questions.filter(kind="single").first()
    tab.goto(f"/admin/quizzes/question/{single.pk}/change/")
    audit("question change (single choice)")

    tab.goto("/admin/quizzes/assignment/add/")
    audit("assignment add")
    tab.goto(f"/admin/quizzes/assignment/{assignment.pk}/change/")
    audit("assignment change")
    tab.goto(f"/admin/quizzes/assignment/{assignment.pk}/results/")
    page.locator("details summary").first.click()  # one student's answers, opened
    audit("results")

    tab.goto("/admin/quizzes/questionset/import/")
    audit("import")
    upload(page, "broken.json", '{"format": "something else"}')
    expect(page.locator(".errornote").first).to_be_visible()
    audit("import, problems in the file")
    upload(page, "the-proposals.json", export_json([QuestionSet.objects.get(slug="the-proposals")]))
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    audit("import, preview")

    assert len(audited) == 15
    assert not reports, "axe-core found WCAG 2.1 A/AA violations:\n\n" + "\n\n".join(reports)


def assert_csp_header(response, name):
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy, f"{name}: CSP is {policy!r}"
    assert "style-src 'self'" in policy, f"{name}: CSP is {policy!r}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, name


def test_the_admin_runs_under_the_csp_and_its_scripts_work(open_page, classroom):
    """Every admin page a teacher uses sends the site's CSP, and the admin's own JavaScript
    (autocomplete, added inline rows, date and time shortcuts, slug prepopulation, the sidebar
    filter, the theme toggle) works under it without a single violation or console error."""
    teacher, draft, assignment = classroom
    tab = open_page()
    admin = Admin(tab)
    page = tab.page
    pages = {
        "login": "/admin/login/",
        "index": "/admin/",
        "question set list": "/admin/quizzes/questionset/",
        "question set add": "/admin/quizzes/questionset/add/",
        "question set change": f"/admin/quizzes/questionset/{draft.pk}/change/",
        "question add": f"/admin/quizzes/question/add/?question_set={draft.pk}",
        "question change": f"/admin/quizzes/question/{draft.questions.first().pk}/change/",
        "assignment list": "/admin/quizzes/assignment/",
        "assignment add": "/admin/quizzes/assignment/add/",
        "results": f"/admin/quizzes/assignment/{assignment.pk}/results/",
        "import": "/admin/quizzes/questionset/import/",
        "preview": f"/preview/{draft.pk}/1/",
    }
    for name, path in pages.items():
        if name == "index":
            admin.login(teacher)
        response = tab.goto(path)
        assert_csp_header(response, name)
        # The admin's scripts ran: its jQuery (on pages that load it) and the theme script.
        assert page.evaluate("typeof window.django === 'object'") or name in {
            "login",
            "index",
            "results",
            "import",
            "preview",
        }, name
        assert page.evaluate("window.__cspViolations") == [], name
        tab.check(name)

    # The sidebar filter and the theme toggle.
    tab.goto("/admin/quizzes/questionset/")
    page.get_by_label("Filter navigation items").press_sequentially("assign")
    sidebar = page.locator("#nav-sidebar")
    expect(sidebar.get_by_role("link", name="Assignments")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Question sets")).to_be_hidden()
    theme = page.locator("button.theme-toggle").first
    theme.click()
    assert page.evaluate("document.documentElement.dataset.theme") in {"light", "dark"}
    theme.click()
    tab.check("sidebar and theme")

    # Prepopulated slug, and an autocomplete's results and "Add another Choice" on a question.
    tab.goto("/admin/quizzes/questionset/add/")
    page.get_by_label("Title [en]").press_sequentially("Under the policy")
    expect(page.get_by_label("Slug")).to_have_value("under-the-policy")
    tab.goto(f"/admin/quizzes/question/add/?question_set={draft.pk}")
    admin.pick(page.locator(".form-row.field-section"), "guarant", "The guarantors")
    rows = page.locator("#choices-group tbody tr.form-row:not(.empty-form)")
    expect(rows).to_have_count(4)
    page.get_by_role("button", name="Add another Choice").click()
    expect(rows).to_have_count(5)
    admin.pick(rows.nth(4).locator(".field-event"), "Costa Rica", "Costa Rica abolishes its army")
    rows.nth(4).locator(".inline-deletelink").click()
    expect(rows).to_have_count(4)
    tab.check("question add, scripts")

    # The date and time shortcuts on an assignment.
    tab.goto("/admin/quizzes/assignment/add/")
    page.get_by_role("link", name="Today").first.click()
    expect(page.locator("[name=opens_at_0]")).to_have_value(re.compile(r"\d"))
    page.get_by_role("link", name="Now").first.click()
    expect(page.locator("[name=opens_at_1]")).to_have_value(re.compile(r"\d"))
    page.get_by_role("link", name="Choose a Date").first.click()
    calendar = page.locator(".calendarbox").first
    expect(calendar).to_be_visible()
    calendar.get_by_role("link", name="Cancel").click()
    expect(calendar).to_be_hidden()
    page.get_by_role("link", name="Choose a Time").first.click()
    clock = page.locator(".clockbox").first
    clock.get_by_role("link", name="Noon").click()
    expect(page.locator("[name=opens_at_1]")).to_have_value("12:00:00")
    tab.check("assignment add, scripts")
    assert page.evaluate("window.__cspViolations") == []

    # The policy is enforced and reported on admin pages too: an inline style is refused.
    page.evaluate("document.querySelector('#content').setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    problems = tab.problems.take()
    assert any(p.startswith("CSP violation: style-src") for p in problems), problems
    assert page.locator("#content").evaluate("el => getComputedStyle(el).color") != "rgb(255, 0, 0)"
