BBBBBBB BBBBBBBBBBBBBBB BBBB BBBBBB
BBBBB BBBBB gettext(u'Verify your identity by signing in') BBBBBBBB
BBBBB BBBBXXXXX XXXXXXXXXXXXXXXX XXXXXXBBBBBB BBBBBBBBBBBBBXXBBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Verify your identity by signing in') XXXXX
BB BBBBBBB
  XXX gettext(u'Sign in with one of these services: it confirms who you are, and your account on this site is linked to it. Only the information the organization needs is kept, encrypted.') XXXX
  BBBBBBB BBBBBBBBBBBBBBBBBBB BBBB BBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBB BBBBBBBBBBBBBBBBB
BBBB
  XXX gettext(u'This site offers no identity service to verify you with.') XXXX
BBBBB
BBBBBBBB
