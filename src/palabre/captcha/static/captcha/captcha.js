// The anti-spam check (ALTCHA protocol, solved here): find the number whose SHA-256, after
// the challenge's salt, is the challenge; put the solution in the form. Without
// JavaScript, or if the browser cannot hash, the block's question stays for the person.
(function () {
  "use strict";
  if (window.palabreCaptcha) return;
  window.palabreCaptcha = true;

  async function sha256Hex(text) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function solve(challenge) {
    for (let number = 0; number <= challenge.maxNumber; number += 1) {
      if ((await sha256Hex(challenge.salt + number)) === challenge.challenge) return number;
    }
    return null;
  }

  function start(block) {
    const status = block.querySelector("[data-captcha-status]");
    const question = block.querySelector("[data-captcha-question]");
    const payloadInput = block.querySelector("[data-captcha-payload]");
    const form = block.closest("form");
    let solved = false;
    let waiting = false;
    if (!window.crypto || !crypto.subtle || !window.TextEncoder) return;
    let challenge;
    try {
      challenge = JSON.parse(block.dataset.challenge);
    } catch (error) {
      return;
    }
    question.hidden = true;
    status.textContent = block.dataset.working;
    if (form) {
      form.addEventListener("submit", (event) => {
        if (!solved && question.hidden) {
          event.preventDefault();
          waiting = true;
          status.textContent = block.dataset.wait;
        }
      });
    }
    solve(challenge).then(
      (number) => {
        if (number === null) throw new Error("unsolved");
        payloadInput.value = btoa(
          JSON.stringify({
            algorithm: challenge.algorithm,
            challenge: challenge.challenge,
            number: number,
            salt: challenge.salt,
            signature: challenge.signature,
          }),
        );
        solved = true;
        status.textContent = block.dataset.done;
        if (waiting && form) form.requestSubmit();
      },
      () => {
        question.hidden = false;
        status.textContent = block.dataset.failed;
      },
    ).catch(() => {
      question.hidden = false;
      status.textContent = block.dataset.failed;
    });
  }

  function startAll() {
    document.querySelectorAll("[data-captcha]:not([data-captcha-started])").forEach((block) => {
      block.setAttribute("data-captcha-started", "");
      start(block);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
  document.addEventListener("htmx:afterSettle", startAll);
})();
