"""The texts a new organization starts from, in French and English, with placeholders in
square brackets that its administrators must replace (the backoffice says so)."""

TERMS = {
    "fr": (
        "<h2>Objet</h2><p>Les présentes conditions d’utilisation encadrent l’usage de la "
        "plateforme de participation de [nom de l’organisation], éditée par [nom de "
        "l’organisation], [adresse du siège].</p>"
        "<h2>Compte</h2><p>Un compte est personnel. Vous êtes responsable de vos identifiants "
        "et des contributions publiées sous votre nom.</p>"
        "<h2>Contributions</h2><p>Vos propositions, commentaires et autres contributions sont "
        "publics et publiés sous licence [licence des contributions, par exemple CC BY-SA 4.0]. "
        "Ils doivent respecter la loi et la charte de modération\u202f; les modérateurs peuvent "
        "masquer ce qui ne la respecte pas.</p>"
        "<h2>Données personnelles</h2><p>Voir la politique de confidentialité.</p>"
        "<h2>Modification des conditions</h2><p>Toute nouvelle version vous sera présentée "
        "et devra être acceptée avant votre prochaine contribution.</p>"
        "<h2>Contact</h2><p>[adresse de contact]</p>"
    ),
    "en": (
        "<h2>Purpose</h2><p>These terms of use govern the use of the participation platform "
        "of [name of the organization], published by [name of the organization], [address of "
        "the head office].</p>"
        "<h2>Account</h2><p>An account is personal. You are responsible for your credentials "
        "and for the contributions published under your name.</p>"
        "<h2>Contributions</h2><p>Your proposals, comments and other contributions are public "
        "and published under the licence [licence of the contributions, e.g. CC BY-SA 4.0]. "
        "They must respect the law and the moderation charter; moderators may hide what does "
        "not.</p>"
        "<h2>Personal data</h2><p>See the privacy policy.</p>"
        "<h2>Changes to these terms</h2><p>Any new version will be shown to you and must be "
        "accepted before your next contribution.</p>"
        "<h2>Contact</h2><p>[contact address]</p>"
    ),
}

NOTICE = {
    "fr": (
        "<h2>Éditeur</h2><p>[nom de l’organisation]<br>[adresse du siège]<br>"
        "Téléphone\u202f: [téléphone]<br>SIRET\u202f: [numéro SIRET]</p>"
        "<h2>Directeur de la publication</h2><p>[directeur de la publication]</p>"
        "<h2>Hébergeur</h2><p>[hébergeur\u202f: raison sociale, adresse, téléphone]</p>"
        "<h2>Logiciel</h2><p>Ce site utilise Palabre, logiciel libre sous licence AGPL.</p>"
    ),
    "en": (
        "<h2>Publisher</h2><p>[name of the organization]<br>[address of the head office]<br>"
        "Phone: [phone]<br>Registration number: [registration number]</p>"
        "<h2>Director of publication</h2><p>[director of publication]</p>"
        "<h2>Host</h2><p>[host: company name, address, phone]</p>"
        "<h2>Software</h2><p>This site runs Palabre, free software under the AGPL licence.</p>"
    ),
}

PRIVACY = {
    "fr": (
        "<h2>Responsable du traitement</h2><p>[nom de l’organisation], [adresse du siège]. "
        "Délégué à la protection des données\u202f: [contact du DPO].</p>"
        "<h2>Données collectées</h2><p>Nom, pseudonyme, adresse électronique, langue, "
        "contributions et, le cas échéant, réponses aux vérifications demandées par un "
        "espace.</p>"
        "<h2>Finalités et base légale</h2><p>Permettre la participation citoyenne "
        "[base légale\u202f: mission d’intérêt public, consentement…].</p>"
        "<h2>Durée de conservation</h2><p>[durée de conservation]</p>"
        "<h2>Vos droits</h2><p>Vous pouvez accéder à vos données, les rectifier, les effacer "
        "ou vous opposer à leur traitement en écrivant à [adresse de contact]. Vous pouvez "
        "adresser une réclamation à la CNIL (cnil.fr).</p>"
    ),
    "en": (
        "<h2>Controller</h2><p>[name of the organization], [address of the head office]. "
        "Data protection officer: [contact of the DPO].</p>"
        "<h2>Data collected</h2><p>Name, nickname, email address, language, contributions "
        "and, where a space asks for them, answers to verifications.</p>"
        "<h2>Purposes and legal basis</h2><p>Citizen participation [legal basis: public "
        "interest task, consent…].</p>"
        "<h2>Retention</h2><p>[retention period]</p>"
        "<h2>Your rights</h2><p>You may access, correct or erase your data or object to its "
        "processing by writing to [contact address]. You may lodge a complaint with the data "
        "protection authority (in France, the CNIL: cnil.fr).</p>"
    ),
}

COOKIES = {
    "fr": (
        "<p>Ce site ne dépose que les cookies nécessaires à son fonctionnement\u202f; ils ne "
        "demandent pas votre consentement. La liste ci-dessous est celle que le logiciel "
        "dépose réellement. [Ajoutez ici tout autre service que vous avez configuré.]</p>"
    ),
    "en": (
        "<p>This site sets only the cookies it needs to work; they do not need your consent. "
        "The list below is what the software really sets. [Add here any other service you "
        "have configured.]</p>"
    ),
}

HELP = {
    "fr": (
        "<h2>Comment participer\u202f?</h2><p>Créez un compte, puis choisissez un processus ou "
        "une assemblée pour proposer, commenter, soutenir ou voter.</p>"
        "<h2>Qui lit mes contributions\u202f?</h2><p>Tout le monde\u202f: elles sont publiques, "
        "sous votre nom. [Précisez qui y répond et dans quel délai.]</p>"
        "<h2>Qui contacter\u202f?</h2><p>[adresse de contact]</p>"
    ),
    "en": (
        "<h2>How do I take part?</h2><p>Create an account, then choose a process or an "
        "assembly to propose, comment, support or vote.</p>"
        "<h2>Who reads my contributions?</h2><p>Everyone: they are public, under your name. "
        "[Say who answers them and how soon.]</p>"
        "<h2>Whom do I contact?</h2><p>[contact address]</p>"
    ),
}

ACCESSIBILITY_CONTACT = {
    "fr": (
        "<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez "
        "contacter [nom de l’organisation] pour être orienté vers une alternative accessible "
        "ou obtenir le contenu sous une autre forme\u202f: [adresse électronique], [formulaire de "
        "contact], [adresse postale].</p>"
    ),
    "en": (
        "<p>If you cannot reach a content or a service, contact [name of the organization] "
        "to be directed to an accessible alternative or to get the content in another form: "
        "[email address], [contact form], [postal address].</p>"
    ),
}

TECHNOLOGIES = {
    "fr": "<p>HTML, CSS, JavaScript, WAI-ARIA</p>",
    "en": "<p>HTML, CSS, JavaScript, WAI-ARIA</p>",
}


def templates_for(languages: list[str]) -> dict[str, dict[str, str]]:
    """The starting texts in the organization's languages (French and English exist; any
    other language starts empty and falls back to the default language when read)."""

    def pick(texts: dict[str, str]) -> dict[str, str]:
        return {code: texts[code] for code in languages if code in texts}

    return {
        "terms": pick(TERMS),
        "notice": pick(NOTICE),
        "privacy": pick(PRIVACY),
        "cookies": pick(COOKIES),
        "help": pick(HELP),
        "contact": pick(ACCESSIBILITY_CONTACT),
        "technologies": pick(TECHNOLOGIES),
    }
