BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBB BBBB BBBBBBB
BBBBB BBBBB gettext(u'Single sign-on') BBBBBBBB
BBBBB BBBBBBBBBB
XXXX gettext(u'Single sign-on') XXXXX
XXX gettext(u'Participants can sign in, and open an account, with an OpenID Connect provider: FranceConnect, or your own citizen portal. A provider can also verify the people who sign in through it, with the data you choose to keep.') XXXX
XXX
  XX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBXX gettext(u'Add FranceConnect') XXXX
  XX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBXX gettext(u'Add another OpenID Connect provider') XXXX
XXXX
XXX gettext(u'To require this verification for an action, offer the method “Sign-in with an identity provider” in the verifications section.')  XX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBXX gettext(u'Verifications') XXXXXXXX
BB BBBB
XXXX XXXXXXXXXXXXXXXXXXXXX XXXXXXXXXXXXX XXXXXXXXXXXX XXXXXXXXXXXX gettext(u'Sign-in providers') XX
XXXXXX XXXXXXXXXXXXXXXXX
  XXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXX gettext(u'Sign-in providers') XXXXXXXXXX
  XXXXXXXXXXX
    XXX XXXXXXXXXXXX gettext(u'Button label') XXXXX
    XXX XXXXXXXXXXXX gettext(u'Issuer URL') XXXXX
    XXX XXXXXXXXXXXX gettext(u'On the sign-in page') XXXXX
    XXX XXXXXXXXXXXX gettext(u'Verifies') XXXXX
    XXX XXXXXXXXXXXX gettext(u'Address to register as redirect URI') XXXXX
  XXXXXXXXXXXXX
  XXXXXXX
  BBB BBBBBBBBB BBBBBBBBBBBB BB BBBB
    XXXX
      XXX XXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBB BBBBBBBBBBBXXB BBBBBBBBBBBBBBXXXXXXXXX
      XXXXXXXXX
      XXXXBB BBBBBBBBBBBBBBBB gettext(u'Yes') BBBB gettext(u'No') BBBBBXXXXX
      XXXXBB BBBBBBBBBBBBBBBBBBBBBBBBBBBB gettext(u'Yes') BBBB gettext(u'No') BBBBBXXXXX
      XXXXXXXXXXXXXXXXXXXXXX
    XXXXX
  BBBBBB
  XXXXXXXX
XXXXXXXX
XXXXXX
XXX gettext(u'Address to register as post-logout redirect URI, for every provider: <code>%(signed_out_url)s</code>') SSSSSSS SS SSSSSSSS SS SSSSSSSSSSS SSSSSSSS SSSS SSS SSSSS SSSSSSSSS SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSXXXX
BBBB
XXX gettext(u'No provider yet: participants sign in with their email address and a password.') XXXX
BBBBB
BBBBBBBB
