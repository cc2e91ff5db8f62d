BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
BBBB BBBB BBBBBBB
BBBBB BBBBBBBBBB gettext(u'Signing in did not work') BBBBBBBB BBBBBBBBBB
BBBBB BBBBBBB
  BBBBBBB BB gettext(u'Signing in did not work') BBBBBBBBBB
  BBBBBBB B gettext(u'The service you chose to sign in with did not confirm who you are, or its answer could not be trusted. Nothing was changed on this site.') BBBBBBBBBB
  BBB BBBBBBBBBBBBBBB BB BBBBBBBBB
  BBBBBBB BXX XXXXXXXX gettext(u'Back to the sign-in page') XXXXBBBBBBBBBB
BBBBBBBB BBBBBBB
