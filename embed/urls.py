from django.urls import path

from embed import views

urlpatterns = [
    path("embed.js", views.embed_script, name="embed_script"),
    path("embed/", views.frame, name="embed_frame"),
    path("embed/origin", views.origin_check, name="embed_origin"),
    path("embed/try/", views.try_page, name="embed_try"),
]
