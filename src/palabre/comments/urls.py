app_name = "comments"
urlpatterns: list = []
