from palabre.core.mail import send_templated_email


def test_templated_email_is_rendered_in_the_given_language_and_sent_after_commit(
    organization, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_templated_email(
            to="someone@example.org",
            subject_template="account/email/password_changed_subject.txt",
            body_template="account/email/password_changed_message.txt",
            context={"current_site": organization, "ip": "127.0.0.1", "user_agent": "x"},
            language="fr",
            organization=organization,
        )
    # Nothing leaves before the transaction commits.
    assert mailoutbox == []

    for callback in callbacks:
        callback()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["someone@example.org"]
    assert mailoutbox[0].subject == "[Ville de Test] Mot de passe modifié"
