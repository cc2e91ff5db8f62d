/* Display conditions of the form engine, live: a question shows as soon as the answers to
   earlier ones make it apply, and hides when they no longer do. The server decides again
   when the page is sent (and shows, without this script, the questions that now apply);
   this script only spares a round trip. It also tells the server which questions the
   page showed, in the field marked data-form-shown. */
(function () {
  "use strict";

  function answerOf(form, id) {
    var box = form.querySelector('[data-item="' + id + '"]');
    if (!box || box.hidden) {
      return null;
    }
    var name = "q" + id;
    var options = [];
    var texts = [];
    var answered = false;
    box.querySelectorAll("input, textarea, select").forEach(function (input) {
      var inputName = input.name || "";
      if (inputName !== name && inputName.indexOf(name + "_") !== 0) {
        return;
      }
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) {
          answered = true;
          if (inputName === name) {
            options.push(String(input.value));
            var specify = form.querySelector('[name="' + name + "_o" + input.value + '_text"]');
            if (specify && specify.value.trim()) {
              texts.push(specify.value);
            }
          }
        }
      } else if (input.type === "file") {
        if (input.files && input.files.length) {
          answered = true;
        }
      } else if (/_text$/.test(inputName)) {
        return; /* read with its option above */
      } else if (input.value.trim()) {
        answered = true;
        if (inputName === name) {
          texts.push(input.value);
        }
      }
    });
    return answered ? { options: options, texts: texts } : null;
  }

  function holds(condition, answers) {
    var answer = answers[condition.source];
    switch (condition.kind) {
      case "answered":
        return answer !== null;
      case "not_answered":
        return answer === null;
      case "equal":
        return answer !== null && answer.options.indexOf(String(condition.option)) !== -1;
      case "not_equal":
        return answer !== null && answer.options.indexOf(String(condition.option)) === -1;
      case "match":
        if (answer === null) {
          return false;
        }
        try {
          var pattern = new RegExp(condition.pattern, "i");
          return answer.texts.some(function (text) { return pattern.test(text); });
        } catch (error) {
          return false;
        }
      default:
        return false;
    }
  }

  function update(form) {
    var answers = {};
    var shown = [];
    form.querySelectorAll("[data-item]").forEach(function (box) {
      var id = box.getAttribute("data-item");
      var data = box.getAttribute("data-conditions");
      if (data) {
        var conditions = JSON.parse(data);
        var visible;
        if (conditions.mandatory.length) {
          visible = conditions.mandatory.every(function (c) { return holds(c, answers); });
        } else {
          visible = conditions.optional.some(function (c) { return holds(c, answers); });
        }
        box.hidden = !visible;
      }
      answers[id] = answerOf(form, id);
      if (!box.hidden && box.querySelector("[name^='q" + id + "']")) {
        shown.push(id);
      }
    });
    var field = form.querySelector("[data-form-shown]");
    if (field) {
      field.value = shown.join(",");
    }
  }

  function start() {
    document.querySelectorAll("form[data-form-engine]").forEach(function (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
      form.addEventListener("input", function () { update(form); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
