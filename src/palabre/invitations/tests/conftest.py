from palabre.backoffice.tests.conftest import (  # noqa: F401
    admin_client,
    collaborator,
    process,
    space_admin,
)
