"""How a person signs in (allauth's rules) and is found again on each request.

Every request of a signed-in person reads their account. Django's backend builds that query
with the ORM each time; this one compiles it once (`palabre.core.prepared`) and otherwise
keeps allauth's backend as it is: sign-in by email, inactive accounts refused.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from palabre.core.models import User
from palabre.core.prepared import Prepared

_ACCOUNT = Prepared(lambda pk: User.objects.filter(pk=pk))


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _ACCOUNT.first(pk=pk)
        return user if user is not None and self.user_can_authenticate(user) else None
