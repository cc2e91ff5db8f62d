from django.apps import AppConfig
from django.db.backends.signals import connection_created


class SearchConfig(AppConfig):
    name = "palabre.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from palabre.search.folding import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="palabre_search_fold")
