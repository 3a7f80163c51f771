// An answer that does not reach the server (no network, a server error, no reply in time) must
// not look sent. htmx swaps nothing then, so the student's choice stays selected; this says that
// the answer was not saved and turns "Check answer" into "Send again", which submits the same form.
// Sending an answer twice is safe: the server keeps the first one
// (tests/test_quiz_integrity.py, test_a_second_answer_changes_nothing).
(function () {
  "use strict";

  function showUnsaved(event) {
    var form = event.target.closest && event.target.closest("form[data-answer-form]");
    if (!form) return;
    // A 4xx answer (a choice missing, the class closed) is swapped in and explains itself.
    if (event.type === "htmx:responseError" && event.detail.xhr.status < 500) return;
    var region = form.querySelector("[data-answer-unsaved]");
    var message = form.querySelector("template[data-answer-unsaved-message]");
    var button = form.querySelector("button[data-retry-label]");
    // New nodes in the alert region are announced again on every failure.
    region.replaceChildren(message.content.cloneNode(true));
    button.textContent = button.dataset.retryLabel;
  }

  ["htmx:sendError", "htmx:responseError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, showUnsaved);
  });
})();
