"""A proof-of-work captcha (the ALTCHA protocol, through the `altcha` package): nothing is
sent to a third party and nobody is asked to click on pictures.

The server makes a challenge (`new_challenge`), signed with an HMAC key
(`PALABRE_CAPTCHA_KEY`, else derived from `SECRET_KEY`) and expiring after
`CHALLENGE_MINUTES`; the browser finds the number that solves it (static/captcha/captcha.js,
our own script) and sends it with the form; `verify` checks the signature and the expiry,
and refuses a solution used once already (its signature is kept in the cache until the
challenge expires, with `cache.add`).

Without JavaScript, the same block asks a simple question (the sum of two numbers, its
answer kept as a keyed hash in a signed, expiring token); `verify` accepts either.

Use `CaptchaField` in a Django form, or `{% captcha_block %}` in a page's own form and
`verify(request.POST)` in its view.
"""
